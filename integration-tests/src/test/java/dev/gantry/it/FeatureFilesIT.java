package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A step catalog and real-world feature files (Background, Rule, Scenario Outline with two Examples
 * tables, a data table, a doc string, tags, a step the catalog does not know) published as cases and
 * data sets, run against an items API on loopback, published again, restored and exported.
 */
class FeatureFilesIT {
    private static HttpServer target;
    private static final Map<Integer, String> ITEMS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @BeforeAll
    static void startTarget() {
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/health")) {
                TestTargets.json(exchange, 200, "{\"status\":\"UP\"}");
            } else if (path.equals("/items") && exchange.getRequestMethod().equals("POST")) {
                JsonNode item = Api.JSON.readTree(body);
                if (item.get("price").asDouble() < 0) {
                    TestTargets.json(exchange, 400, "{\"error\":\"price\"}");
                    return;
                }
                int id = NEXT.incrementAndGet();
                String stored =
                        "{\"id\":" + id + ",\"name\":\"" + item.get("name").asString() + "\"}";
                ITEMS.put(id, stored);
                TestTargets.json(exchange, 201, stored);
            } else if (path.equals("/items/bulk")) {
                JsonNode items = Api.JSON.readTree(body);
                TestTargets.json(exchange, items.isArray() && items.size() == 2 ? 201 : 400, "{}");
            } else if (path.startsWith("/items/")) {
                String item = ITEMS.get(Integer.parseInt(path.substring("/items/".length())));
                TestTargets.json(exchange, item == null ? 404 : 200, item == null ? "{}" : item);
            } else {
                TestTargets.json(exchange, 404, "{}");
            }
        });
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.stop(0);
        }
    }

    private static String feature(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/features/" + name));
    }

    private static void step(Api api, UUID project, String keyword, String pattern, Map<String, Object> binding) {
        Map<String, Object> body = new HashMap<>(binding);
        body.put("keyword", keyword);
        body.put("pattern", pattern);
        Api.Answer made = api.post("/api/v1/projects/" + project + "/steps", body);
        assertThat(made.status()).as(made.raw()).isEqualTo(201);
    }

    private static void catalog(Api api, UUID project) {
        step(
                api,
                project,
                "given",
                "the catalog is open",
                Map.of(
                        "request", Map.of("method", "GET", "path", "/health"),
                        "expectations", Map.of("status", List.of(200))));
        step(
                api,
                project,
                "when",
                "I add the item \"{name}\" costing {price:number}",
                Map.of(
                        "request",
                                Map.of(
                                        "method",
                                        "POST",
                                        "path",
                                        "/items",
                                        "body",
                                        "{\"name\":\"{{name}}\",\"price\":{{price}}}"),
                        "expectations", Map.of("status", List.of(201))));
        step(
                api,
                project,
                "then",
                "the response status is {status:int}",
                Map.of("expectations", Map.of("status", List.of("{{status}}"))));
        step(
                api,
                project,
                "then",
                "I keep the item id",
                Map.of("extractions", List.of(Map.of("name", "itemId", "source", "BODY", "expression", "$.id"))));
        step(
                api,
                project,
                "when",
                "I read the item back",
                Map.of("request", Map.of("method", "GET", "path", "/items/{{itemId}}")));
        step(
                api,
                project,
                "then",
                "the item is named \"{name}\"",
                Map.of(
                        "expectations",
                        Map.of(
                                "jsonPath",
                                List.of(Map.of("path", "$.name", "operator", "equals", "expected", "{{name}}")))));
        step(
                api,
                project,
                "when",
                "I add these items:",
                Map.of("request", Map.of("method", "POST", "path", "/items/bulk", "body", "{{table}}")));
        step(
                api,
                project,
                "when",
                "I send the item document:",
                Map.of("request", Map.of("method", "POST", "path", "/items", "body", "{{docString}}")));
    }

    @Test
    void aRealWorldFeatureFilePublishesAsChainsAndDataSetsThatRunAndPublishingAgainUpdatesTheSameCases()
            throws IOException {
        Farm farm = Farm.get();
        Api api = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("bdd"))
                .api();
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID project = workspace.project();
        catalog(api, project);

        // suggestions while typing: by prefix, then by words
        JsonNode suggested = api.get("/api/v1/projects/" + project + "/steps/suggest?q=When%20I%20add&limit=2")
                .body();
        assertThat(suggested).hasSize(2);
        assertThat(suggested.get(0).get("pattern").asString()).startsWith("I add ");
        JsonNode byWords = api.get("/api/v1/projects/" + project + "/steps/suggest?q=item%20named")
                .body();
        assertThat(byWords.get(0).get("pattern").asString()).isEqualTo("the item is named \"{name}\"");

        Api.Answer created = api.post(
                "/api/v1/projects/" + project + "/features", Map.of("content", feature("item_catalog.feature")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("Item catalog");
        assertThat(created.text("status")).isEqualTo("DRAFT");
        JsonNode preview = created.body().get("preview");
        assertThat(preview.get("counts").get("scenarios").asInt()).isEqualTo(5);
        assertThat(preview.get("counts").get("cases").asInt()).isEqualTo(12);
        assertThat(preview.get("counts").get("dataSets").asInt()).isEqualTo(2);
        assertThat(preview.get("unmatched")).hasSize(1);
        assertThat(preview.get("unmatched").get(0).get("step").asString())
                .isEqualTo("And the warehouse is notified of \"Stapler\"");
        assertThat(preview.get("unmatched").get(0).get("line").asInt()).isEqualTo(53);
        UUID feature = created.id();

        Api.Answer published = api.post("/api/v1/features/" + feature + "/publish", Map.of());
        assertThat(published.status()).as(published.raw()).isEqualTo(200);
        assertThat(published.body().get("version").asInt()).isEqualTo(1);
        assertThat(published.body().get("created")).hasSize(12);
        assertThat(published.body().get("unmatched")).hasSize(1);
        UUID suite = published.id("suiteId");
        assertThat(api.get("/api/v1/suites/" + suite).text("name")).isEqualTo("Item catalog");

        JsonNode cases = api.get("/api/v1/suites/" + suite + "/cases").body();
        assertThat(cases).hasSize(12);
        Map<String, JsonNode> byName = new HashMap<>();
        cases.forEach(c -> byName.put(c.get("name").asString(), c));
        JsonNode add = byName.get("an item is added and read back › 2. When I add the item \"Pen\" costing 1.5");
        assertThat(add.get("request").get("body").asString()).isEqualTo("{\"name\":\"Pen\",\"price\":1.5}");
        assertThat(add.get("expectations").get("status").get(0).asInt()).isEqualTo(201);
        assertThat(add.get("extractions").get(0).get("name").asString()).isEqualTo("itemId");
        assertThat(add.get("tags").toString()).isEqualTo("[\"catalog\",\"regression\",\"smoke\"]");
        JsonNode readBack = byName.get("an item is added and read back › 3. When I read the item back");
        assertThat(readBack.get("dependsOn").asString()).isEqualTo(add.get("id").asString());
        assertThat(readBack.get("expectations")
                        .get("jsonPath")
                        .get(0)
                        .get("expected")
                        .asString())
                .isEqualTo("Pen");
        JsonNode bulk = byName.get("several items at once › 2. When I add these items:");
        assertThat(bulk.get("request").get("body").asString())
                .isEqualTo("[{\"name\":\"Eraser\",\"price\":0.75},{\"name\":\"Folder\",\"price\":2}]");
        JsonNode document = byName.get("an item sent as a document › 2. When I send the item document:");
        assertThat(document.get("request").get("body").asString()).isEqualTo("{\"name\": \"Stapler\", \"price\": 12}");
        assertThat(document.get("enabled").asBoolean()).isFalse();
        JsonNode undefined = byName.get("an item sent as a document › 3. And the warehouse is notified of \"Stapler\"");
        assertThat(undefined.get("enabled").asBoolean()).isFalse();
        assertThat(undefined.get("mode").asString()).isEqualTo("MANUAL");
        assertThat(undefined.get("tags").toString()).contains("bdd-undefined");
        String outline =
                "prices are checked when an item is added [accepted prices] (status 201) › 2. When I add the item \"<name>\" costing <price>";
        JsonNode accepted = byName.get(outline);
        assertThat(accepted.get("request").get("body").asString())
                .isEqualTo("{\"name\":\"{{name}}\",\"price\":{{price}}}");
        assertThat(accepted.get("tags").toString()).contains("negative", "valid");

        JsonNode sets = api.get("/api/v1/suites/" + suite + "/data-sets").body();
        assertThat(sets).hasSize(2);
        Map<String, JsonNode> setByName = new HashMap<>();
        sets.forEach(s -> setByName.put(s.get("name").asString(), s));
        JsonNode acceptedRows =
                setByName.get("prices are checked when an item is added [accepted prices] (status 201)");
        assertThat(acceptedRows.get("rows").toString())
                .isEqualTo(
                        "[{\"name\":\"Pencil\",\"price\":\"0.5\",\"status\":\"201\"},{\"name\":\"Ruler\",\"price\":\"3\",\"status\":\"201\"}]");
        assertThat(accepted.get("dataSetId").asString())
                .isEqualTo(acceptedRows.get("id").asString());
        JsonNode refused = byName.get(
                "prices are checked when an item is added [refused prices] (status 400) › 2. When I add the item \"<name>\" costing <price>");
        assertThat(refused.get("expectations").get("status").get(0).asInt()).isEqualTo(400);

        // the published cases run: every enabled chain passes against the items API
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", workspace.environment()))
                .id("runId");
        JsonNode ended = api.waitForEnd(run, Duration.ofSeconds(90));
        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("PASSED");

        // usage counts: the status step is used by five scenarios' steps
        JsonNode steps = api.get("/api/v1/projects/" + project + "/steps").body();
        Map<String, Long> uses = new HashMap<>();
        steps.forEach(s -> uses.put(s.get("pattern").asString(), s.get("uses").asLong()));
        assertThat(uses.get("the catalog is open")).isEqualTo(5);
        assertThat(uses.get("the response status is {status:int}")).isEqualTo(6);

        // publishing again keeps every case; a scenario taken out takes its cases with it
        List<String> ids = new ArrayList<>();
        cases.forEach(c -> ids.add(c.get("id").asString()));
        Api.Answer again = api.post("/api/v1/features/" + feature + "/publish", Map.of());
        assertThat(again.body().get("created")).isEmpty();
        assertThat(again.body().get("updated")).hasSize(12);
        String shorter =
                feature("item_catalog.feature").replaceAll("(?s)\n    Scenario: an item sent as a document.*", "\n");
        Api.Answer edited = api.put("/api/v1/features/" + feature, Map.of("content", shorter));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(edited.text("status")).isEqualTo("DRAFT");
        Api.Answer third = api.post("/api/v1/features/" + feature + "/publish", Map.of());
        assertThat(third.body().get("version").asInt()).isEqualTo(3);
        assertThat(third.body().get("removed")).hasSize(3);
        assertThat(third.body().get("unmatched")).isEmpty();
        JsonNode after = api.get("/api/v1/suites/" + suite + "/cases").body();
        assertThat(after).hasSize(9);
        after.forEach(c -> assertThat(ids).contains(c.get("id").asString()));

        // restoring the first version brings the scenario back as a fourth version
        Api.Answer restored = api.post("/api/v1/features/" + feature + "/restore", Map.of("version", 1));
        assertThat(restored.status()).as(restored.raw()).isEqualTo(200);
        assertThat(restored.body().get("version").asInt()).isEqualTo(4);
        assertThat(restored.body().get("created")).hasSize(3);
        assertThat(api.get("/api/v1/features/" + feature + "/versions").body()).hasSize(4);
        assertThat(api.get("/api/v1/features/" + feature + "?version=1").text("content"))
                .isEqualTo(feature("item_catalog.feature"));

        // the suite exported as a feature file is read by the same parser, and published again makes the same requests
        Api.Answer exported = api.getText("/api/v1/suites/" + suite + "/export/feature");
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.raw()).contains("Scenario Outline:", "Examples:", "<name>");
        step(
                api,
                project,
                "when",
                "I send {method:word} to \"{path}\"",
                Map.of("request", Map.of("method", "{{method}}", "path", "{{path}}", "body", "{{docString}}")));
        step(
                api,
                project,
                "then",
                "the JSON at \"{path}\" {operator:word} \"{expected}\"",
                Map.of(
                        "expectations",
                        Map.of(
                                "jsonPath",
                                List.of(Map.of(
                                        "path", "{{path}}", "operator", "{{operator}}", "expected", "{{expected}}")))));
        step(
                api,
                project,
                "then",
                "I keep {source:word} \"{expression}\" as \"{name}\"",
                Map.of(
                        "extractions",
                        List.of(Map.of("name", "{{name}}", "source", "{{source}}", "expression", "{{expression}}"))));
        Api.Answer roundTrip = api.post(
                "/api/v1/projects/" + project + "/features", Map.of("name", "exported", "content", exported.raw()));
        assertThat(roundTrip.status())
                .as(roundTrip.raw() + "\n" + exported.raw())
                .isEqualTo(201);
        JsonNode roundTripPreview = roundTrip.body().get("preview");
        assertThat(roundTripPreview.get("counts").get("cases").asInt()).isEqualTo(12);
        assertThat(roundTripPreview.get("unmatched")).isEmpty();
        List<String> requests = new ArrayList<>();
        roundTripPreview.get("scenarios").forEach(s -> s.get("cases").forEach(c -> {
            JsonNode r = c.get("json").get("request");
            requests.add(r.get("method").asString() + " " + r.get("path").asString() + " "
                    + r.path("body").asString(""));
        }));
        assertThat(requests)
                .contains(
                        "POST /items {\"name\":\"Pen\",\"price\":1.5}",
                        "GET /items/{{itemId}} ",
                        "POST /items {\"name\":\"{{name}}\",\"price\":{{price}}}");
    }

    @Test
    void hostileFeatureFilesAndPatternsAreRefusedNamingTheField() throws IOException {
        Farm farm = Farm.get();
        Api api = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("bdd-hostile"))
                .api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "shop")).id();
        String features = "/api/v1/projects/" + project + "/features";

        Api.Answer syntax = api.post(features, Map.of("content", feature("syntax_error.feature")));
        assertThat(syntax.status()).as(syntax.raw()).isEqualTo(400);
        assertThat(syntax.raw()).contains("\"field\":\"content\"", "line 5, column 3", "Feature: again");

        Api.Answer huge = api.post(features, Map.of("content", "Feature: huge\n  # " + "x".repeat(300 * 1024) + "\n"));
        assertThat(huge.status()).as(huge.raw()).isEqualTo(400);
        assertThat(huge.raw()).contains("\"field\":\"content\"", "262144");

        StringBuilder many = new StringBuilder("Feature: many\n  Background:\n");
        for (int i = 0; i < 100; i++) {
            many.append("    Given step ").append(i).append('\n');
        }
        for (int i = 0; i < 60; i++) {
            many.append("  Scenario: s").append(i).append("\n    When it runs\n");
        }
        Api.Answer tooMany = api.post(features, Map.of("content", many.toString()));
        assertThat(tooMany.status()).as(tooMany.raw()).isEqualTo(400);
        assertThat(tooMany.raw()).contains("\"field\":\"content\"", "more than 5000 steps");

        String steps = "/api/v1/projects/" + project + "/steps";
        Api.Answer unknownType = api.post(
                steps,
                Map.of(
                        "keyword",
                        "when",
                        "pattern",
                        "I pay {amount:money}",
                        "request",
                        Map.of("method", "POST", "path", "/pay")));
        assertThat(unknownType.status()).as(unknownType.raw()).isEqualTo(400);
        assertThat(unknownType.raw()).contains("\"field\":\"pattern\"", "unknown parameter type 'money'");
        Api.Answer badBinding = api.post(
                steps,
                Map.of(
                        "keyword",
                        "then",
                        "pattern",
                        "the answer is fine",
                        "expectations",
                        Map.of("status", List.of("fine"))));
        assertThat(badBinding.status()).as(badBinding.raw()).isEqualTo(400);
        assertThat(badBinding.raw()).contains("expectations.status[0]");
        Api.Answer noName = api.post(
                steps,
                Map.of("keyword", "when", "pattern", "I pay {}", "request", Map.of("method", "POST", "path", "/pay")));
        assertThat(noName.status()).as(noName.raw()).isEqualTo(400);
        assertThat(noName.raw()).contains("\"field\":\"pattern\"");
        assertThat(api.get(steps).body()).isEmpty();
        assertThat(api.get(features).body()).isEmpty();
    }
}
