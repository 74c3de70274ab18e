package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cases are filed by tags, priority, type, mode and automation status, and found by them combined. */
class CaseClassificationIT {
    static Api api;
    static UUID suite;

    @BeforeAll
    static void setUp() {
        Farm farm = Farm.get();
        api = Scenarios.tenant(new Api(farm.baseUrl(), farm.adminKey), aTenant().named("filed"))
                .api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "filed")).id();
        suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "s"))
                .id();
        create(aCase("login works").get("/login").filed(List.of("Smoke", "regression"), "critical", "happy path"));
        create(aCase("login with a long password").get("/login").filed(List.of("regression"), "high", "boundary"));
        create(aCase("login without password").get("/login").filed(List.of("smoke"), "high", "negative"));
        create(aCase("export by hand")
                .get("/export")
                .filed(List.of("e2e", "team:finance"), "low", null)
                .mode("manual", null));
        create(aCase("report is slow")
                .get("/report")
                .filed(null, null, "performance")
                .mode("automated", "broken"));
    }

    private static JsonNode create(dev.gantry.testsupport.RequestBodies.CaseBuilder c) {
        Api.Answer created = api.post("/api/v1/suites/" + suite + "/cases", c.build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private static List<String> found(String query) {
        Api.Answer answer = api.get("/api/v1/suites/" + suite + "/cases" + query);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        answer.body().forEach(c -> names.add(c.get("name").asString()));
        return names;
    }

    @Test
    void aCaseAnswersItsClassificationNormalised() {
        JsonNode c = api.get("/api/v1/suites/" + suite + "/cases?q=login%20works")
                .body()
                .get(0);
        assertThat(c.get("tags").toString()).isEqualTo("[\"smoke\",\"regression\"]");
        assertThat(c.get("priority").asString()).isEqualTo("CRITICAL");
        assertThat(c.get("type").asString()).isEqualTo("HAPPY_PATH");
        assertThat(c.get("mode").asString()).isEqualTo("AUTOMATED");
        assertThat(c.get("automationStatus").isNull()).isTrue();
        JsonNode manual =
                api.get("/api/v1/suites/" + suite + "/cases?mode=manual").body().get(0);
        assertThat(manual.get("name").asString()).isEqualTo("export by hand");
        assertThat(manual.get("type").isNull()).isTrue();
    }

    @Test
    void filtersCombine() {
        assertThat(found("?tag=smoke")).containsExactly("login works", "login without password");
        assertThat(found("?tag=SMOKE&priority=high")).containsExactly("login without password");
        assertThat(found("?tag=regression&type=boundary")).containsExactly("login with a long password");
        assertThat(found("?q=LOGIN&priority=high"))
                .containsExactly("login with a long password", "login without password");
        assertThat(found("?tag=team:finance")).containsExactly("export by hand");
        assertThat(found("?automationStatus=broken&type=performance")).containsExactly("report is slow");
        assertThat(found("?q=tc_api_001")).containsExactly("login works");
        assertThat(found("?tag=smoke&type=performance")).isEmpty();
        assertThat(found("")).hasSize(5);
    }

    @Test
    void aWrongFilterIsRefusedNamingIt() {
        Api.Answer wrong = api.get("/api/v1/suites/" + suite + "/cases?priority=urgent");
        assertThat(wrong.status()).as(wrong.raw()).isEqualTo(400);
        assertThat(wrong.raw()).contains("priority");
        Api.Answer long_ = api.get("/api/v1/suites/" + suite + "/cases?q=" + "x".repeat(201));
        assertThat(long_.status()).as(long_.raw()).isEqualTo(400);
        assertThat(long_.raw()).contains("\"q\"");
    }

    @Test
    void aWrongClassificationIsRefusedNamingTheFieldAndNothingIsStored() {
        Api.Answer wrong = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("never stored")
                        .get("/x")
                        .filed(List.of("ok", "not ok"), "urgent", null)
                        .mode("manual", "working")
                        .build());
        assertThat(wrong.status()).as(wrong.raw()).isEqualTo(400);
        assertThat(wrong.raw()).contains("tags[1]", "priority", "automationStatus");
        assertThat(found("?q=never%20stored")).isEmpty();
    }
}
