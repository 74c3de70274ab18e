package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.RequestBodies;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A suite exported as a Postman collection with its data set as a Newman data file, run by Newman
 * against the same loopback target as a Gantry run of the suite: every request passes and fails in
 * as many iterations as its case passes and fails in the run, chains, setup and teardown included.
 */
class PostmanExportIT {
    static final String TOKEN = "t-42";

    static Farm farm;
    static HttpServer target;
    static final AtomicInteger ids = new AtomicInteger();
    static final Map<Integer, Map<String, Object>> items = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTarget() {
        farm = Farm.get();
        target = TestTargets.start("/", PostmanExportIT::answer);
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.stop(0);
        }
    }

    /**
     * An items API: log in, create (500 for the name "broken"), read, delete, a form, a multipart note,
     * a search (no results for "kiwi"), a clean-up.
     */
    static void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean authorized =
                ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        if (method.equals("POST") && path.equals("/login")) {
            TestTargets.json(exchange, 200, "{\"token\": \"" + TOKEN + "\"}");
        } else if (method.equals("POST") && path.equals("/items")) {
            JsonNode item = Api.JSON.readTree(body);
            if (!authorized) {
                TestTargets.json(exchange, 401, "{}");
            } else if (item.get("name").asString().equals("broken")) {
                TestTargets.json(exchange, 500, "{\"error\": \"broken\"}");
            } else {
                int id = ids.incrementAndGet();
                Map<String, Object> stored = new HashMap<>();
                stored.put("id", id);
                stored.put("name", item.get("name").asString());
                stored.put("price", item.get("price").numberValue());
                stored.put("tags", List.of("new", "sale"));
                stored.put("sku", "SKU-" + id);
                stored.put("state", "PAID");
                items.put(id, stored);
                exchange.getResponseHeaders().add("Location", "/items/" + id);
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                TestTargets.json(exchange, 201, Api.JSON.writeValueAsString(stored));
            }
        } else if (path.startsWith("/items/")) {
            Map<String, Object> item = items.get(Integer.parseInt(path.substring("/items/".length())));
            if (item == null) {
                TestTargets.json(exchange, 404, "{}");
            } else if (method.equals("DELETE")) {
                items.remove((Integer) item.get("id"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            } else {
                TestTargets.json(exchange, 200, Api.JSON.writeValueAsString(item));
            }
        } else if (method.equals("POST") && path.equals("/forms")) {
            Map<String, String> fields = new TreeMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            TestTargets.json(exchange, 200, Api.JSON.writeValueAsString(fields));
        } else if (method.equals("POST") && path.equals("/notes")) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            TestTargets.json(
                    exchange,
                    type != null && type.startsWith("multipart/form-data") ? 200 : 415,
                    Api.JSON.writeValueAsString(Map.of("received", body)));
        } else if (method.equals("GET") && path.equals("/search")) {
            String q = exchange.getRequestURI().getQuery().substring("q=".length());
            TestTargets.json(exchange, 200, "{\"count\": " + (q.equals("kiwi") ? 0 : 1) + "}");
        } else if (method.equals("DELETE") && path.equals("/items")) {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else {
            TestTargets.json(exchange, 404, "{}");
        }
    }

    @Test
    void newmanRunningTheExportedCollectionReachesTheVerdictsOfTheGantryRun() throws Exception {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Api api = Scenarios.tenant(admin, aTenant().named("newman")).api();
        String baseUrl = Scenarios.baseUrlOf(target);
        Scenarios.Workspace workspace = Scenarios.workspace(api, baseUrl);
        UUID suite = workspace.suite();
        String cases = "/api/v1/suites/" + suite + "/cases";

        created(api.post(
                cases,
                aCase("log in")
                        .phase("setup")
                        .post("/login", "{\"user\": \"ci\"}")
                        .expectStatus(200)
                        .expectJson("$.token", "matches", "^t-\\d+$")
                        .extract("token", "BODY", "$.token")
                        .build()));
        UUID create = created(api.post(
                cases,
                aCase("create item")
                        .post("/items", "{\"name\": \"{{name}}\", \"price\": {{price}}}")
                        .header("Authorization", "Bearer {{token}}")
                        .expectStatus(201)
                        .expectJson("$.name", "equals", "{{name}}")
                        .expectJson("$.price", "lessThan", "1000")
                        .expectHeader("Location", "exists")
                        .extract("id", "BODY", "$.id")
                        .extract("etag", "HEADER", "ETag")
                        .build()));
        Map<String, Object> read = aCase("read item")
                .get("/items/{{id}}")
                .query("expand", "all")
                .header("If-None-Match", "{{etag}}")
                .dependsOn(create)
                .expectStatus(200)
                .expectJson("$.id", "exists", null)
                .expectJson("$.price", "lessThan", "100")
                .expectJson("$.tags", "type", "array")
                .expectJson("$.tags", "size", "2")
                .expectJson("$.tags", "contains", "new")
                .expectJson("$.sku", "matches", "^SKU-\\d+$")
                .expectJson("$.state", "oneOf", "[\"PAID\", \"PENDING\"]")
                .expectJson("$.name", "notEquals", "nobody")
                .expectJson("$.deleted", "notExists", null)
                .expectJson("$.tags[?(@ == 'sale')]", "exists", null)
                .expectSchema(Map.of("type", "object", "required", List.of("id", "name", "price")))
                .build();
        @SuppressWarnings("unchecked")
        Map<String, Object> readExpectations = (Map<String, Object>) read.get("expectations");
        readExpectations.put("contentType", "application/json");
        readExpectations.put("maxResponseTimeMs", 10_000);
        readExpectations.put("bodyContains", List.of("SKU-"));
        UUID readId = created(api.post(cases, read));
        created(api.post(
                cases,
                aCase("delete item")
                        .request("DELETE", "/items/{{id}}")
                        .dependsOn(readId)
                        .expectStatus(204)
                        .build()));
        created(api.post(
                cases,
                aCase("form")
                        .request("POST", "/forms")
                        .body("FORM", "name={{name}}&kind=fruit")
                        .expectStatus(200)
                        .expectJson("$.kind", "equals", "fruit")
                        .expectJson("$.name", "equals", "{{name}}")
                        .build()));
        Map<String, Object> note =
                aCase("note").request("POST", "/notes").expectStatus(200).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> noteRequest = (Map<String, Object>) note.get("request");
        noteRequest.put("bodyType", "MULTIPART");
        noteRequest.put("parts", List.of(Map.of("name", "note", "content", "row {{name}}")));
        @SuppressWarnings("unchecked")
        Map<String, Object> noteExpectations = (Map<String, Object>) note.get("expectations");
        noteExpectations.put("bodyContains", List.of("row {{name}}"));
        created(api.post(cases, note));
        Map<String, Object> search = aCase("search")
                .get("/search")
                .query("q", "{{name}}")
                .expectJson("$.count", "greaterThan", "0")
                .build();
        @SuppressWarnings("unchecked")
        Map<String, Object> searchExpectations = (Map<String, Object>) search.get("expectations");
        searchExpectations.put("status", List.of(200, "3xx"));
        created(api.post(cases, search));
        created(api.post(
                cases,
                aCase("clean up")
                        .phase("teardown")
                        .request("DELETE", "/items")
                        .expectStatus(204)
                        .build()));
        Api.Answer rows = api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                RequestBodies.aDataSet(
                        "fruit",
                        List.of(
                                Map.of("name", "apple", "price", 10),
                                Map.of("name", "pear", "price", 150),
                                Map.of("name", "broken", "price", 5),
                                Map.of("name", "kiwi", "price", 20))));
        assertThat(rows.status()).as(rows.raw()).isEqualTo(201);

        UUID runId = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", workspace.environment()))
                .id("runId");
        JsonNode run = api.waitForEnd(runId, Duration.ofMinutes(2));
        Map<String, Newman.Tally> gantry = new TreeMap<>();
        run.get("cases")
                .forEach(c -> gantry.put(
                        c.get("name").asString(),
                        new Newman.Tally(
                                c.get("passed").asInt(),
                                c.get("failed").asInt() + c.get("errored").asInt())));
        // what the suite was built to show, so that the comparison below compares something
        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(gantry)
                .containsEntry("log in", new Newman.Tally(1, 0))
                .containsEntry("create item", new Newman.Tally(3, 1))
                .containsEntry("read item", new Newman.Tally(2, 1))
                .containsEntry("delete item", new Newman.Tally(2, 0))
                .containsEntry("form", new Newman.Tally(4, 0))
                .containsEntry("note", new Newman.Tally(4, 0))
                .containsEntry("search", new Newman.Tally(3, 1))
                .containsEntry("clean up", new Newman.Tally(1, 0));

        Api.Answer collection = api.getText("/api/v1/suites/" + suite + "/export/postman");
        assertThat(collection.status()).as(collection.raw()).isEqualTo(200);
        assertThat(collection.header("Gantry-Not-Exported")).contains("1");
        assertThat(Api.JSON
                        .readTree(collection.raw())
                        .get("info")
                        .get("description")
                        .asString())
                .contains("read item: jsonPath $.tags[?(@ == 'sale')] — a filter");
        Api.Answer data = api.getText("/api/v1/suites/" + suite + "/export/newman-data");
        assertThat(data.status()).as(data.raw()).isEqualTo(200);
        Path work = Files.createDirectories(Path.of("target", "newman-parity", runId.toString()));
        Path collectionFile = Files.writeString(work.resolve("suite.postman_collection.json"), collection.raw());
        Path dataFile = Files.writeString(work.resolve("data.json"), data.raw());

        Newman.Report report = Newman.install()
                .run(collectionFile, null, dataFile, Map.of("baseUrl", baseUrl), work, Duration.ofMinutes(3));

        assertThat(report.scriptErrors()).as("errors of the exported scripts").isEmpty();
        Map<String, Newman.Tally> newman = new TreeMap<>(report.requests());
        assertThat(newman)
                .as("Newman's verdicts per request (see %s) against the Gantry run's", work)
                .isEqualTo(gantry);
    }

    private static UUID created(Api.Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.id();
    }
}
