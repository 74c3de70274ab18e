package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testsupport.RequestBodies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every change of a case is in its change log (field, old and new value, who, when, the suite
 * version after it); one write is one suite version, which says what changed; two versions compare
 * case by case, field by field, net.
 */
class CaseChangeLogIT {
    static Farm farm;
    static Api admin;
    static Api tester;
    static final String ADMIN_NAME = "Ada Admin";
    static final String TESTER_NAME = "Tess Tester";
    static String adminEmail;
    static String testerEmail;
    static UUID project;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        RequestBodies.TenantBuilder body = aTenant().named("history").adminNamed(ADMIN_NAME);
        adminEmail = (String) body.build().get("adminEmail");
        Scenarios.Tenant tenant = Scenarios.tenant(operator, body);
        admin = tenant.api();
        testerEmail = "tester-" + UUID.randomUUID() + "@it.test";
        Api.Answer user = operator.post(
                "/api/v1/admin/tenants/" + tenant.id() + "/users",
                Map.of("email", testerEmail, "name", TESTER_NAME, "role", "TESTER"));
        tester = operator.as(user.text("apiKey"));
        project = admin.post("/api/v1/projects", Map.of("name", "history")).id();
    }

    private static UUID suite(String name) {
        Api.Answer created = admin.post("/api/v1/projects/" + project + "/suites", Map.of("name", name));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.id();
    }

    private static String field(Api.Answer answer) {
        return answer.body().get("errors").get(0).get("field").asString();
    }

    private static List<String> lines(JsonNode changes) {
        List<String> lines = new ArrayList<>();
        changes.forEach(
                c -> lines.add(c.get("version").asInt() + " " + c.get("change").asString() + " "
                        + (c.get("field").isNull() ? "-" : c.get("field").asString()) + " "
                        + c.get("oldValue") + " -> " + c.get("newValue") + " by "
                        + c.get("changedBy").get("name").asString()));
        return lines;
    }

    @Test
    void aCaseEditedTwiceShowsBothChangesWithWhoMadeThemAndTheVersionAfterEach() {
        UUID suite = suite("edited");
        UUID kase = admin.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("list items").get("/items").build())
                .id();
        Api.Answer first = tester.put(
                "/api/v1/cases/" + kase, aCase("list items").get("/items?all=1").build());
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        Api.Answer second = admin.put(
                "/api/v1/cases/" + kase,
                aCase("list all items").get("/items?all=1").build());
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        // the same case sent back changes nothing, and makes no version
        Api.Answer same = tester.put(
                "/api/v1/cases/" + kase,
                aCase("list all items").get("/items?all=1").build());
        assertThat(same.status()).as(same.raw()).isEqualTo(200);

        JsonNode changes = admin.get("/api/v1/cases/" + kase + "/changes").body();
        assertThat(changes.size()).isEqualTo(3);
        assertThat(lines(changes).subList(0, 2))
                .containsExactly(
                        "4 CHANGED name \"list items\" -> \"list all items\" by " + ADMIN_NAME,
                        "3 CHANGED request.path \"/items\" -> \"/items?all=1\" by " + TESTER_NAME);
        JsonNode created = changes.get(2);
        assertThat(created.get("version").asInt()).isEqualTo(2);
        assertThat(created.get("change").asString()).isEqualTo("CREATED");
        assertThat(created.get("field").isNull()).isTrue();
        assertThat(created.get("oldValue").isNull()).isTrue();
        assertThat(created.get("newValue").get("name").asString()).isEqualTo("list items");
        assertThat(created.get("newValue").get("request.path").asString()).isEqualTo("/items");
        assertThat(created.get("newValue").get("request.method").asString()).isEqualTo("GET");
        assertThat(created.get("readableId").asString()).startsWith("TC_API_");
        assertThat(changes.get(0).get("caseName").asString()).isEqualTo("list all items");
        assertThat(changes.get(0).get("truncated").asBoolean()).isFalse();

        JsonNode page = admin.get("/api/v1/cases/" + kase + "/changes?limit=1&before="
                        + changes.get(0).get("id").asLong())
                .body();
        assertThat(lines(page))
                .containsExactly("3 CHANGED request.path \"/items\" -> \"/items?all=1\" by " + TESTER_NAME);

        JsonNode versions = admin.get("/api/v1/suites/" + suite + "/versions").body();
        List<String> summaries = new ArrayList<>();
        versions.forEach(v -> summaries.add(v.get("version").asInt() + ": "
                + v.get("summary").asString() + " ("
                + v.get("casesAdded").asInt() + "/" + v.get("casesChanged").asInt() + "/"
                + v.get("casesRemoved").asInt() + ") by "
                + v.get("changedBy").get("name").asString()));
        assertThat(summaries)
                .containsExactly(
                        "4: 0 cases added, 1 changed, 0 removed (0/1/0) by " + ADMIN_NAME,
                        "3: 0 cases added, 1 changed, 0 removed (0/1/0) by " + TESTER_NAME,
                        "2: 1 case added, 0 changed, 0 removed (1/0/0) by " + ADMIN_NAME,
                        "1: suite created (0/0/0) by " + ADMIN_NAME);
        assertThat(admin.get("/api/v1/suites/" + suite).body().get("version").asInt())
                .as("the suite's version is its latest recorded one")
                .isEqualTo(4);
        JsonNode third = admin.get("/api/v1/suites/" + suite + "/versions/3").body();
        assertThat(third.get("changedBy").get("email").asString()).isEqualTo(testerEmail);
        assertThat(lines(third.get("changes")))
                .containsExactly("3 CHANGED request.path \"/items\" -> \"/items?all=1\" by " + TESTER_NAME);
        assertThat(third.get("nextAfter").isNull()).isTrue();
        assertThat(admin.get("/api/v1/suites/" + suite + "/versions/latest")
                        .body()
                        .get("version")
                        .asInt())
                .isEqualTo(4);
    }

    @Test
    void twoVersionsCompareByTheirNetDifference() {
        UUID suite = suite("compared");
        UUID kept = admin.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("kept").get("/kept").build())
                .id(); // v2
        UUID gone = admin.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("gone").get("/gone").build())
                .id(); // v3
        admin.put("/api/v1/cases/" + kept, aCase("kept").get("/kept/2").build()); // v4
        admin.put("/api/v1/cases/" + kept, aCase("kept").get("/kept").build()); // v5: back as it was
        admin.put("/api/v1/cases/" + kept, aCase("kept renamed").get("/kept").build()); // v6
        assertThat(admin.delete("/api/v1/cases/" + gone).status()).isEqualTo(204); // v7

        JsonNode oneToThree = admin.get("/api/v1/suites/" + suite + "/versions/compare?from=1&to=3")
                .body();
        assertThat(oneToThree.get("added").asInt()).isEqualTo(2);
        assertThat(oneToThree.get("changed").asInt()).isZero();
        assertThat(oneToThree.get("removed").asInt()).isZero();
        assertThat(oneToThree.get("cases").get(0).get("caseId").asString()).isEqualTo(kept.toString());
        assertThat(oneToThree.get("cases").get(0).get("change").asString()).isEqualTo("ADDED");
        assertThat(fieldLines(oneToThree.get("cases").get(0)))
                .contains("name: null -> \"kept\"", "request.path: null -> \"/kept\"");

        JsonNode threeToFive = admin.get("/api/v1/suites/" + suite + "/versions/compare?from=3&to=5")
                .body();
        assertThat(threeToFive.get("cases").size())
                .as("changed and changed back: no difference")
                .isZero();

        JsonNode threeToSeven = admin.get("/api/v1/suites/" + suite + "/versions/compare?from=3&to=7")
                .body();
        assertThat(threeToSeven.get("changed").asInt()).isEqualTo(1);
        assertThat(threeToSeven.get("removed").asInt()).isEqualTo(1);
        JsonNode changed = threeToSeven.get("cases").get(0);
        assertThat(changed.get("name").asString()).isEqualTo("kept renamed");
        assertThat(fieldLines(changed)).containsExactly("name: \"kept\" -> \"kept renamed\"");
        JsonNode removed = threeToSeven.get("cases").get(1);
        assertThat(removed.get("caseId").asString()).isEqualTo(gone.toString());
        assertThat(removed.get("change").asString()).isEqualTo("REMOVED");
        assertThat(fieldLines(removed)).contains("request.path: \"/gone\" -> null");

        JsonNode oneToSeven = admin.get("/api/v1/suites/" + suite + "/versions/compare?from=1&to=7")
                .body();
        assertThat(oneToSeven.get("added").asInt())
                .as("created and deleted in between: not there")
                .isEqualTo(1);
        assertThat(oneToSeven.get("cases").size()).isEqualTo(1);
        assertThat(fieldLines(oneToSeven.get("cases").get(0))).contains("name: null -> \"kept renamed\"");

        JsonNode latest =
                admin.get("/api/v1/suites/" + suite + "/versions/compare").body();
        assertThat(latest.get("from").asInt()).isEqualTo(6);
        assertThat(latest.get("to").asInt()).isEqualTo(7);
        assertThat(latest.get("removed").asInt()).isEqualTo(1);

        JsonNode deletedLog = admin.get("/api/v1/cases/" + gone + "/changes").body();
        assertThat(deletedLog.get(0).get("change").asString())
                .as("a deleted case keeps its log")
                .isEqualTo("DELETED");
        assertThat(deletedLog.get(0).get("oldValue").get("name").asString()).isEqualTo("gone");
    }

    private static List<String> fieldLines(JsonNode kase) {
        List<String> lines = new ArrayList<>();
        kase.get("fields")
                .forEach(f -> lines.add(f.get("field").asString() + ": " + f.get("from") + " -> " + f.get("to")));
        return lines;
    }

    @Test
    void aWriteOfManyCasesIsOneVersionAndSuiteChangesAreVersionsToo() throws Exception {
        UUID suite = suite("imported");
        String collection = Files.readString(Path.of(
                "..",
                "control-plane",
                "src",
                "test",
                "resources",
                "postman",
                "create-read-health.postman_collection.json"));
        Api.Answer imported = tester.send("POST", "/api/v1/suites/" + suite + "/import/postman", collection);
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        Api.Answer rows = admin.post(
                "/api/v1/suites/" + suite + "/data-sets", Map.of("name", "rows", "rows", List.of(Map.of("n", 1))));
        assertThat(rows.status()).as(rows.raw()).isEqualTo(201);

        JsonNode versions = admin.get("/api/v1/suites/" + suite + "/versions").body();
        assertThat(versions.size()).isEqualTo(3);
        assertThat(versions.get(0).get("summary").asString()).isEqualTo("data set 'rows' added");
        assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("summary").asString())
                .isEqualTo("variables imported; 3 cases added, 0 changed, 0 removed");
        assertThat(versions.get(1).get("changedBy").get("name").asString()).isEqualTo(TESTER_NAME);
        assertThat(admin.get("/api/v1/suites/" + suite + "/versions/2?limit=2")
                        .body()
                        .get("nextAfter")
                        .isNull())
                .as("a page of two of three entries says where the next starts")
                .isFalse();
    }

    @Test
    void aLongValueIsStoredCutAndSaysSo() {
        UUID suite = suite("long");
        String big = "{\"text\": \"" + "y".repeat(5000) + "\"}";
        UUID kase = admin.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("big").post("/big", "{}").build())
                .id();
        Api.Answer edited = admin.put(
                "/api/v1/cases/" + kase, aCase("big").post("/big", big).build());
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        JsonNode change = admin.get("/api/v1/cases/" + kase + "/changes").body().get(0);
        assertThat(change.get("truncated").asBoolean()).isTrue();
        String stored = change.get("newValue").asString();
        assertThat(stored).hasSize(2001).endsWith("y…");
    }

    @Test
    void hostileReadsAreRefusedNamingTheField() {
        UUID suite = suite("hostile");
        admin.post("/api/v1/suites/" + suite + "/cases", aCase("a").get("/a").build());
        String base = "/api/v1/suites/" + suite + "/versions";
        Api.Answer unknownTo = admin.get(base + "/compare?from=1&to=9");
        assertThat(unknownTo.status()).isEqualTo(400);
        assertThat(field(unknownTo)).isEqualTo("to");
        assertThat(unknownTo.raw()).contains("no version 9; its versions are 1 to 2");
        Api.Answer notANumber = admin.get(base + "/compare?from=abc");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(field(notANumber)).isEqualTo("from");
        Api.Answer backwards = admin.get(base + "/compare?from=2&to=1");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(field(backwards)).isEqualTo("from");
        Api.Answer zero = admin.get(base + "/0");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(field(zero)).isEqualTo("version");
        assertThat(admin.get(base + "/99").status()).isEqualTo(404);
        Api.Answer limit = admin.get(base + "?limit=0");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(field(limit)).isEqualTo("limit");
        Api.Answer other = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("nosy"))
                .api()
                .get(base);
        assertThat(other.status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/cases/" + UUID.randomUUID() + "/changes").status())
                .isEqualTo(404);
    }
}
