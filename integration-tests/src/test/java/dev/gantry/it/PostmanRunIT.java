package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The issue's collection (create an item, read it back by the id the create stored with
 * {@code pm.collectionVariables.set}, a health check) imported and run over data rows as Newman runs
 * it: the create and the read are one chain (the health check uses no variable, so it stays a case of
 * its own), every check maps, and a failed create does not stop the read of its row.
 */
class PostmanRunIT {
    static Farm farm;
    static Api api;
    static HttpServer target;
    static UUID project;
    static UUID environment;
    /** Items the target created, by id. */
    static final Set<String> items = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        api = Scenarios.tenant(admin, aTenant().named("postman-run").onPlan("Pro"))
                .api();
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("POST") && path.equals("/items")) {
                if (body.contains("\"fail\": \"yes\"")) {
                    TestTargets.json(exchange, 500, "{\"error\":\"cannot store it now\"}");
                    return;
                }
                String id = UUID.randomUUID().toString();
                items.add(id);
                TestTargets.json(exchange, 201, "{\"id\":\"" + id + "\"}");
            } else if (path.startsWith("/items/") && items.contains(path.substring("/items/".length()))) {
                TestTargets.json(exchange, 200, "{\"id\":\"" + path.substring("/items/".length()) + "\"}");
            } else if (path.equals("/health")) {
                TestTargets.json(exchange, 200, "{\"status\":\"UP\"}");
            } else {
                TestTargets.json(exchange, 404, "{\"error\":\"no such item\"}");
            }
        });
        project = api.post("/api/v1/projects", Map.of("name", "postman-run")).id();
        environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "local",
                                "baseUrl",
                                "http://127.0.0.1:" + target.getAddress().getPort()))
                .id();
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    /** A suite with the collection imported and {@code rows} data rows, every {@code failEvery}-th failing its create. */
    static UUID importedSuite(String name, int rows, int failEvery) throws Exception {
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", name))
                .id();
        String collection = Files.readString(Path.of(
                "..",
                "control-plane",
                "src",
                "test",
                "resources",
                "postman",
                "create-read-health.postman_collection.json"));
        Api.Answer imported = api.post("/api/v1/suites/" + suite + "/import/postman", collection);
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        assertThat(imported.body().get("unmapped").size()).as(imported.raw()).isZero();
        assertThat(imported.body().get("chains").toString())
                .isEqualTo("[{\"cases\":[\"Create item\",\"Read item\"],\"variables\":[\"itemId\"]}]");
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(Map.of("name", "item-" + i, "fail", failEvery > 0 && i % failEvery == 0 ? "yes" : "no"));
        }
        Api.Answer dataSet = api.post("/api/v1/suites/" + suite + "/data-sets", Map.of("name", "rows", "rows", data));
        assertThat(dataSet.status()).as(dataSet.raw()).isEqualTo(201);
        return suite;
    }

    static JsonNode run(UUID suite) {
        Api.Answer triggered = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment));
        assertThat(triggered.status()).as(triggered.raw()).isEqualTo(202);
        return api.waitForEnd(triggered.id("runId"), Duration.ofMinutes(3));
    }

    static Map<String, List<Long>> perCase(JsonNode run) {
        Map<String, List<Long>> cases = new HashMap<>();
        run.get("cases")
                .forEach(c -> cases.put(
                        c.get("name").asString(),
                        List.of(
                                c.get("passed").asLong(),
                                c.get("failed").asLong(),
                                c.get("skipped").asLong(),
                                c.get("errored").asLong())));
        return cases;
    }

    @Test
    void theIssuesCollectionOverAThousandRowsPassesEveryStepAsInNewman() throws Exception {
        UUID suite = importedSuite("issue", 1_000, 0);
        JsonNode cases = api.get("/api/v1/suites/" + suite + "/cases").body();
        assertThat(cases.get(1).get("dependsOn").asString())
                .isEqualTo(cases.get(0).get("id").asString());
        assertThat(cases.get(1).get("runAfterFailure").asBoolean()).isTrue();
        assertThat(cases.get(0).get("runAfterFailure").asBoolean()).isFalse();

        JsonNode run = run(suite);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("PASSED");
        JsonNode totals = run.get("totals");
        assertThat(totals.get("steps").asLong()).isEqualTo(3_000);
        assertThat(totals.get("passed").asLong()).isEqualTo(3_000);
        assertThat(totals.get("failed").asLong()
                        + totals.get("skipped").asLong()
                        + totals.get("errored").asLong())
                .isZero();
    }

    @Test
    void aFailedCreateDoesNotStopTheReadAndTheHealthCheckOfItsRow() throws Exception {
        // rows 0, 10, 20, …: the create answers 500 with a JSON body that has no id
        UUID suite = importedSuite("creates-failing", 200, 10);

        JsonNode run = run(suite);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        JsonNode totals = run.get("totals");
        assertThat(totals.get("steps").asLong()).isEqualTo(600);
        // as Newman counts: the create fails, the read of an id never stored fails, the health check passes
        assertThat(totals.get("passed").asLong()).isEqualTo(600 - 40);
        assertThat(totals.get("failed").asLong()).isEqualTo(40);
        assertThat(totals.get("skipped").asLong()).isZero();
        assertThat(totals.get("errored").asLong()).isZero();
        assertThat(perCase(run))
                .containsEntry("Create item", List.of(180L, 20L, 0L, 0L))
                .containsEntry("Read item", List.of(180L, 20L, 0L, 0L))
                .containsEntry("Health", List.of(200L, 0L, 0L, 0L));

        // the read went out with the variable unresolved, as Newman sends it
        JsonNode failed = api.get("/api/v1/runs/" + run.get("id").asString() + "/steps?status=failed&size=50")
                .body();
        List<String> readUrls = new ArrayList<>();
        failed.path("items").forEach(step -> {
            if (step.get("caseName").asString().equals("Read item")) {
                readUrls.add(step.get("url").asString());
            }
        });
        assertThat(readUrls).isNotEmpty().allSatisfy(url -> assertThat(url).endsWith("/items/%7B%7BitemId%7D%7D"));
    }
}
