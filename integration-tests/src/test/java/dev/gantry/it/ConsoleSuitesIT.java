package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's suites and cases in a real browser: the Playwright script
 * {@code console/e2e/suites.e2e.mjs} against this farm. A tester signs in, opens a suite (its cases, the
 * charts of its last runs, the plan of a run), edits a case with a tag the API refuses and sees the API's
 * message next to the field, fixes it and saves, uploads a CSV data set and reads its rows, publishes a
 * feature file and sees its unknown step listed, adds a schedule and reads its next fire times, and reads the suite on a phone. Screenshots are kept in
 * {@code target/console-screenshots/}; what the pages did is checked here through the API too.
 */
class ConsoleSuitesIT {
    static final Path SCREENSHOTS = ConsoleBrowser.SCREENSHOTS;

    static Farm farm;
    static HttpServer target;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{\"ok\": true}"));
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void aTesterBrowsesASuiteEditsACaseUploadsDataAndPublishesAFeatureFile() throws Exception {
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        Api admin =
                Scenarios.tenant(operator, aTenant().named("console-suites")).api();
        Scenarios.Workspace workspace = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
        String suiteName = admin.get("/api/v1/suites/" + workspace.suite()).text("name");
        UUID edited = admin.post(
                        "/api/v1/suites/" + workspace.suite() + "/cases",
                        aCase("list products")
                                .get("/products")
                                .expectStatus(200)
                                .build())
                .id();
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("list orders").get("/orders").expectStatus(200).build());
        for (int i = 0; i < 2; i++) {
            UUID run = admin.post(
                            "/api/v1/suites/" + workspace.suite() + "/runs",
                            Map.of("environmentId", workspace.environment()))
                    .id("runId");
            admin.waitForEnd(run, Duration.ofSeconds(60));
        }
        Api.Answer entry = admin.post(
                "/api/v1/projects/" + workspace.project() + "/steps",
                Map.of(
                        "keyword", "when",
                        "pattern", "I list the products",
                        "request", Map.of("method", "GET", "path", "/products")));
        assertThat(entry.status()).as(entry.raw()).isEqualTo(201);

        String email = "sue-" + UUID.randomUUID() + "@example.com";
        Api.Answer invitation =
                admin.post("/api/v1/invitations", Map.of("email", email, "name", "Sue Suites", "role", "TESTER"));
        assertThat(invitation.status()).as(invitation.raw()).isEqualTo(201);

        String log = ConsoleBrowser.run(
                farm,
                "e2e/suites.e2e.mjs",
                Map.of(
                        "INVITATION",
                        invitation.text("token"),
                        "EMAIL",
                        email,
                        "SUITE",
                        suiteName,
                        "CASE",
                        "list products"),
                Duration.ofMinutes(3));
        assertThat(log)
                .contains(
                        "ok signs in",
                        "ok opens a suite: its cases, charts of its runs and the plan of a run",
                        "ok edits a case: the API's message shows next to the field, then it saves",
                        "ok a JSON view that is not JSON is refused before it is sent",
                        "ok uploads a CSV data set and sees its rows",
                        "ok publishes a feature file and sees the unknown step listed",
                        "ok adds a schedule and sees its next fire times",
                        "ok reads on a phone");
        for (String page : new String[] {
            "suites", "suite", "suite-plan", "case-invalid", "case", "data-set", "imports", "schedules", "suite-phone"
        }) {
            assertThat(SCREENSHOTS.resolve(page + ".png")).as(page).isNotEmptyFile();
        }

        // what the pages did, read through the API: the tag fixed and nothing else of the case changed
        JsonNode saved = admin.get("/api/v1/cases/" + edited).body();
        assertThat(saved.get("tags").toString()).isEqualTo("[\"smoke\",\"needs-review\"]");
        assertThat(saved.get("request").get("path").asString()).isEqualTo("/products");
        JsonNode changes = admin.get("/api/v1/cases/" + edited + "/changes").body();
        assertThat(changes.size()).isEqualTo(2);
        assertThat(changes.get(0).get("field").asString()).isEqualTo("tags");
        assertThat(changes.get(0).get("changedBy").get("name").asString()).isEqualTo("Sue Suites");
        JsonNode dataSets =
                admin.get("/api/v1/suites/" + workspace.suite() + "/data-sets").body();
        assertThat(dataSets.size()).isEqualTo(1);
        assertThat(dataSets.get(0).get("name").asString()).isEqualTo("customers");
        assertThat(dataSets.get(0).get("rows").toString())
                .isEqualTo("[{\"city\":\"London\",\"name\":\"Ada\"},{\"city\":\"Arlington\",\"name\":\"Grace\"},"
                        + "{\"city\":\"Helsinki\",\"name\":\"Linus\"}]");
        List<String> names = new ArrayList<>();
        admin.get("/api/v1/suites/" + workspace.suite() + "/cases?tag=bdd-undefined")
                .body()
                .forEach(c -> names.add(c.get("name").asString()));
        assertThat(names).containsExactly("browse › 2. Then the shelf is tidy");
    }
}
