package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Generated cases are ordinary cases with an origin; regeneration updates untouched ones and reports edited ones. */
class SpecGenerationIT {
    static Farm farm;
    static Api api;
    static String apiKey;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("gen"));
        apiKey = tenant.apiKey();
        api = tenant.api();
    }

    static List<String> names(JsonNode refs) {
        List<String> out = new ArrayList<>();
        refs.forEach(r -> out.add(r.get("name").asString()));
        return out;
    }

    @Test
    void generateEditRegenerate() {
        UUID project = api.post("/api/v1/projects", Map.of("name", "gen")).id();
        String petstore = new String(SpecImportIT.spec("petstore-3.0.yaml"), StandardCharsets.UTF_8);
        assertThat(SpecImportIT.upload(
                                farm,
                                apiKey,
                                project,
                                "v1",
                                petstore.getBytes(StandardCharsets.UTF_8),
                                "application/yaml")
                        .status())
                .isEqualTo(201);
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "generated"))
                .id();
        UUID handMade = api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        Map.of("name", "health", "request", Map.of("method", "GET", "path", "/health")))
                .id();

        Api.Answer first = api.generate(suite, Map.of());
        assertThat(first.text("state")).as(first.raw()).isEqualTo("COMPLETED");
        assertThat(first.body().get("progress").toString()).isEqualTo("{\"done\":9,\"total\":9}");
        assertThat(names(first.body().get("report").get("created")))
                .containsExactly(
                        "GET /pets · happy",
                        "GET /pets · boundary · limit = 100 (maximum)",
                        "GET /pets · boundary · limit = 101 (above maximum)",
                        "GET /pets · negative · limit wrong type",
                        "POST /pets · happy",
                        "POST /pets · negative · body missing id",
                        "POST /pets · negative · body.id wrong type",
                        "POST /pets · negative · malformed JSON",
                        "GET /pets/{petId} · happy");
        JsonNode cases = api.get("/api/v1/suites/" + suite + "/cases").body();
        assertThat(cases.size()).isEqualTo(10);
        // the hand-made case was the project's first; the batch numbers the generated ones after it
        List<String> readableIds = new ArrayList<>();
        cases.forEach(c -> readableIds.add(c.get("readableId").asString()));
        assertThat(readableIds)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10)
                        .mapToObj(n -> "TC_API_%03d".formatted(n))
                        .toList());
        assertThat(cases.get(0).get("readableId").asString()).isEqualTo("TC_API_001");
        // generated cases know their type; the hand-made one was given none
        assertThat(cases.get(0).get("type").isNull()).isTrue();
        List<String> types = new ArrayList<>();
        cases.forEach(
                c -> types.add(c.get("name").asString() + " = " + c.get("type").asString()));
        assertThat(types)
                .contains(
                        "GET /pets · happy = HAPPY_PATH",
                        "GET /pets · boundary · limit = 100 (maximum) = BOUNDARY",
                        "POST /pets · negative · malformed JSON = NEGATIVE");
        JsonNode origins = api.get("/api/v1/suites/" + suite + "/generated").body();
        assertThat(origins.size()).isEqualTo(9);
        assertThat(origins.get(0).get("endpoint").asString()).isEqualTo("GET /pets");
        assertThat(origins.get(0).get("kind").asString()).isEqualTo("happy");

        // nothing changed: nothing to do
        JsonNode again = api.generate(suite, Map.of()).body().get("report");
        assertThat(again.get("created").size()).isZero();
        assertThat(again.get("updated").size()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(9);

        // someone edits a generated case by hand
        UUID edited = UUID.fromString(
                first.body().get("report").get("created").get(8).get("id").asString());
        Api.Answer put = api.put(
                "/api/v1/cases/" + edited,
                Map.of(
                        "name", "GET /pets/{petId} · happy",
                        "request", Map.of("method", "GET", "path", "/pets/42"),
                        "expectations", Map.of("status", List.of(200, 404))));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);

        // the specification changes: limit at most 50
        String v2 =
                petstore.replace("maximum: 100\n            format: int32", "maximum: 50\n            format: int32");
        assertThat(v2).isNotEqualTo(petstore);
        assertThat(SpecImportIT.upload(
                                farm, apiKey, project, "v2", v2.getBytes(StandardCharsets.UTF_8), "application/yaml")
                        .status())
                .isEqualTo(201);
        JsonNode regenerated = api.generate(suite, Map.of()).body().get("report");
        assertThat(names(regenerated.get("updated")))
                .containsExactly(
                        "GET /pets · boundary · limit = 50 (maximum)",
                        "GET /pets · boundary · limit = 51 (above maximum)");
        assertThat(names(regenerated.get("diverged"))).containsExactly("GET /pets/{petId} · happy");
        assertThat(regenerated.get("unchanged").asInt()).isEqualTo(6);
        assertThat(regenerated.get("created").size()).isZero();
        assertThat(regenerated.get("counts").toString())
                .isEqualTo("{\"created\":0,\"updated\":2,\"unchanged\":6,\"diverged\":1,\"orphaned\":0,\"skipped\":0}");
        // the edited case kept its edit, the hand-made case is untouched
        assertThat(api.get("/api/v1/cases/" + edited)
                        .body()
                        .get("request")
                        .get("path")
                        .asString())
                .isEqualTo("/pets/42");
        assertThat(api.get("/api/v1/cases/" + handMade).body().get("name").asString())
                .isEqualTo("health");
        JsonNode boundary = api.get("/api/v1/cases/"
                        + regenerated.get("updated").get(1).get("id").asString())
                .body();
        assertThat(boundary.get("request").get("query").get("limit").asString()).isEqualTo("51");
        assertThat(api.get("/api/v1/suites/" + suite + "/generated").body().toString())
                .contains("\"diverged\":true");

        // another tenant cannot generate into this suite
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Api other = Scenarios.tenant(admin, aTenant().named("o")).api();
        assertThat(other.post("/api/v1/suites/" + suite + "/generate", Map.of()).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/suites/" + suite + "/generate", Map.of("kinds", List.of("fuzzy")))
                        .status())
                .isEqualTo(400);
    }

    /**
     * A specification of {@code resources} resources of four operations each (create, read, replace,
     * delete): bounded and enumerated fields, a bounded query parameter, a bearer scheme on every
     * operation, and an id the create answers that the item operations take.
     */
    static String manyOperations(int resources) {
        ObjectNode doc = Api.JSON.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", "many").put("version", "1");
        doc.putArray("security").addObject().putArray("bearer");
        ObjectNode components = doc.putObject("components");
        components
                .putObject("securitySchemes")
                .putObject("bearer")
                .put("type", "http")
                .put("scheme", "bearer");
        ObjectNode thing = components.putObject("schemas").putObject("Thing");
        thing.put("type", "object").putArray("required").add("name");
        ObjectNode properties = thing.putObject("properties");
        properties.putObject("id").put("type", "string").put("readOnly", true);
        properties.putObject("name").put("type", "string").put("minLength", 1).put("maxLength", 40);
        properties.putObject("size").put("type", "integer").put("minimum", 0).put("maximum", 100);
        properties
                .putObject("kind")
                .put("type", "string")
                .putArray("enum")
                .add("small")
                .add("large");
        ObjectNode paths = doc.putObject("paths");
        for (int i = 0; i < resources; i++) {
            ObjectNode collection = paths.putObject("/things" + i);
            ObjectNode create = collection.putObject("post");
            create.put("operationId", "create" + i);
            create.putObject("requestBody").put("required", true).set("content", thingContent());
            create.putObject("responses")
                    .putObject("201")
                    .put("description", "created")
                    .set("content", thingContent());
            ObjectNode item = paths.putObject("/things" + i + "/{thingId}");
            ObjectNode id = item.putArray("parameters").addObject();
            id.put("name", "thingId").put("in", "path").put("required", true);
            id.putObject("schema").put("type", "string");
            ObjectNode read = item.putObject("get");
            ObjectNode fields = read.putArray("parameters").addObject();
            fields.put("name", "depth").put("in", "query");
            fields.putObject("schema").put("type", "integer").put("minimum", 1).put("maximum", 5);
            read.putObject("responses")
                    .putObject("200")
                    .put("description", "the thing")
                    .set("content", thingContent());
            ObjectNode replace = item.putObject("put");
            replace.putObject("requestBody").put("required", true).set("content", thingContent());
            replace.putObject("responses")
                    .putObject("200")
                    .put("description", "replaced")
                    .set("content", thingContent());
            item.putObject("delete").putObject("responses").putObject("204").put("description", "deleted");
        }
        return doc.toString();
    }

    private static ObjectNode thingContent() {
        ObjectNode content = Api.JSON.createObjectNode();
        content.putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Thing");
        return content;
    }

    /**
     * Acceptance: a 1,000-operation specification generates its suite through the job, in seconds (the
     * time is printed; this farm runs in one JVM with the tests), every case written once, every read,
     * replace and delete chained to its create; generating again changes nothing.
     */
    @Test
    void aThousandOperationSuiteIsGeneratedAsAJob() {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant =
                Scenarios.tenant(admin, aTenant().named("many").onPlan("Enterprise"));
        UUID project =
                tenant.api().post("/api/v1/projects", Map.of("name", "many")).id();
        byte[] document = manyOperations(250).getBytes(StandardCharsets.UTF_8);
        Api.Answer imported = SpecImportIT.upload(farm, tenant.apiKey(), project, "v1", document, "application/json");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        assertThat(imported.body().get("endpoints").asInt()).isEqualTo(1_000);
        UUID suite = tenant.api()
                .post("/api/v1/projects/" + project + "/suites", Map.of("name", "many"))
                .id();

        long started = System.nanoTime();
        Api.Answer generated = tenant.api().generate(suite, Map.of());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(generated.text("state")).as(generated.raw()).isEqualTo("COMPLETED");
        JsonNode report = generated.body().get("report");
        int created = report.get("counts").get("created").asInt();
        assertThat(report.get("counts").get("skipped").asInt()).isZero();
        assertThat(report.get("truncated").asBoolean()).isFalse();
        assertThat(report.get("created").size()).isEqualTo(created);
        assertThat(generated.body().get("progress").get("done").asInt()).isEqualTo(created);
        assertThat(generated.body().get("progress").get("total").asInt()).isEqualTo(created);
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        report.get("created").forEach(c -> byKind.merge(c.get("kind").asString(), 1, Integer::sum));
        // a happy path and a bad credential per operation; per resource, the four bounds of the read's
        // query parameter, and six (the most an operation gets) of the body's eight on create and replace
        assertThat(byKind.get("happy")).isEqualTo(1_000);
        assertThat(byKind.get("security")).isEqualTo(1_000);
        assertThat(byKind.get("boundary")).isEqualTo(250 * (4 + 6 + 6));
        JsonNode cases = tenant.api().get("/api/v1/suites/" + suite + "/cases").body();
        assertThat(cases.size()).isEqualTo(created);
        Map<String, String> idsByName = new java.util.HashMap<>();
        cases.forEach(c -> idsByName.put(c.get("name").asString(), c.get("id").asString()));
        int chained = 0;
        for (JsonNode c : cases) {
            String name = c.get("name").asString();
            if (name.matches("(GET|PUT|DELETE) /things\\d+/\\{thingId} · happy")) {
                String resource = name.substring(name.indexOf(' ') + 1, name.indexOf("/{thingId}"));
                assertThat(c.get("dependsOn").asString())
                        .as(name)
                        .isEqualTo(idsByName.get("POST " + resource + " · happy"));
                chained++;
            }
        }
        assertThat(chained).isEqualTo(750);
        Instant createdAt = Instant.parse(generated.text("createdAt"));
        Instant finishedAt = Instant.parse(generated.text("finishedAt"));
        System.out.printf(
                "generation of 1,000 operations: %d cases %s in %d ms from the request to COMPLETED"
                        + " (%d ms from queued to finished)%n",
                created, byKind, millis, Duration.between(createdAt, finishedAt).toMillis());

        started = System.nanoTime();
        JsonNode again = tenant.api().generate(suite, Map.of()).body().get("report");
        millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(again.get("counts").get("unchanged").asInt()).isEqualTo(created);
        assertThat(again.get("counts").get("created").asInt()).isZero();
        assertThat(again.get("counts").get("updated").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(created);
        System.out.printf("regeneration of 1,000 operations: %d cases unchanged in %d ms%n", created, millis);
    }

    /**
     * While a generation runs (here held at the plan's lock, which a test connection holds), its status
     * says RUNNING with Retry-After, a long poll answers at its deadline, a second generation of the
     * suite is refused naming the first, and another tenant does not see it; released, it completes.
     */
    @Test
    void aRunningGenerationIsTheTenantsAndTheOnlyOneOfItsSuite() throws Exception {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("held"));
        UUID project =
                tenant.api().post("/api/v1/projects", Map.of("name", "held")).id();
        assertThat(SpecImportIT.upload(
                                farm,
                                tenant.apiKey(),
                                project,
                                "v1",
                                SpecImportIT.spec("petstore-3.0.yaml"),
                                "application/yaml")
                        .status())
                .isEqualTo(201);
        UUID suite = tenant.api()
                .post("/api/v1/projects/" + project + "/suites", Map.of("name", "held"))
                .id();
        Api.Answer accepted;
        String location;
        try (var db = farm.database()) {
            db.setAutoCommit(false);
            // the plan's lock (for update), not the key share a new row of the tenant takes
            try (var lock = db.prepareStatement("select id from tenants where id = ? for no key update")) {
                lock.setObject(1, tenant.id());
                lock.executeQuery();
            }
            accepted = tenant.api().post("/api/v1/suites/" + suite + "/generate", Map.of());
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            location = accepted.header("Location").orElseThrow();
            assertThat(location).isEqualTo("/api/v1/generations/" + accepted.id());
            assertThat(accepted.header("Retry-After")).contains("1");
            assertThat(accepted.text("state")).isIn("QUEUED", "RUNNING");
            assertThat(accepted.body().get("kinds").toString())
                    .isEqualTo("[\"happy\",\"boundary\",\"negative\",\"security\"]");
            await("the generation to start and wait for the plan's lock")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(tenant.api().get(location).text("state")).isEqualTo("RUNNING"));
            Api.Answer running = tenant.api().get(location);
            assertThat(running.header("Retry-After")).contains("1");
            assertThat(running.body().get("report").isNull()).isTrue();
            long asked = System.nanoTime();
            Api.Answer waited = tenant.api().get(location + "?wait=300ms");
            assertThat(waited.text("state")).isEqualTo("RUNNING");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            Api.Answer second = tenant.api().post("/api/v1/suites/" + suite + "/generate", Map.of());
            assertThat(second.status()).as(second.raw()).isEqualTo(409);
            assertThat(second.text("detail")).contains(location);
            Api other = Scenarios.tenant(admin, aTenant().named("nosy")).api();
            assertThat(other.get(location).status()).isEqualTo(404);
            assertThat(other.get(location + "?wait=1s").status()).isEqualTo(404);
            assertThat(tenant.api()
                            .get("/api/v1/generations/" + UUID.randomUUID())
                            .status())
                    .isEqualTo(404);
            assertThat(tenant.api().get(location + "?wait=soon").status()).isEqualTo(400);
            db.rollback();
        }
        Api.Answer done = tenant.api().get(location + "?wait=30s");
        assertThat(done.text("state")).as(done.raw()).isEqualTo("COMPLETED");
        assertThat(done.header("Retry-After")).isEmpty();
        assertThat(done.body().get("report").get("counts").get("created").asInt())
                .isEqualTo(9);
        assertThat(done.body().get("problem").isNull()).isTrue();
        // the lists show what ?limit= asks for; the counts stay whole
        JsonNode limited = tenant.api().get(location + "?limit=2").body().get("report");
        assertThat(limited.get("created").size()).isEqualTo(2);
        assertThat(limited.get("truncated").asBoolean()).isTrue();
        assertThat(limited.get("counts").get("created").asInt()).isEqualTo(9);
    }

    /**
     * A generation whose control plane stopped (a RUNNING row nobody has touched for longer than the
     * lease) reads FAILED with {@code generation-interrupted}, and does not keep its suite from
     * generating again.
     */
    @Test
    void aGenerationWhoseControlPlaneStoppedEndsFailedAndFreesItsSuite() throws Exception {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("orphan"));
        UUID project =
                tenant.api().post("/api/v1/projects", Map.of("name", "orphan")).id();
        Api.Answer spec = SpecImportIT.upload(
                farm, tenant.apiKey(), project, "v1", SpecImportIT.spec("petstore-3.0.yaml"), "application/yaml");
        UUID suite = tenant.api()
                .post("/api/v1/projects/" + project + "/suites", Map.of("name", "orphan"))
                .id();
        UUID stale = UUID.randomUUID();
        try (var db = farm.database();
                var insert = db.prepareStatement(
                        """
                        insert into case_generations (id, tenant_id, suite_id, spec_id, kinds, state, done, total,
                          created_at, heartbeat_at)
                        values (?, ?, ?, ?, '["happy"]', 'RUNNING', 2, 9, now() - interval '1 hour',
                          now() - interval '1 hour')""")) {
            insert.setObject(1, stale);
            insert.setObject(2, tenant.id());
            insert.setObject(3, suite);
            insert.setObject(4, spec.id());
            insert.executeUpdate();
        }
        Api.Answer again = tenant.api().generate(suite, Map.of("kinds", List.of("happy")));
        assertThat(again.text("state")).as(again.raw()).isEqualTo("COMPLETED");
        Api.Answer interrupted = tenant.api().get("/api/v1/generations/" + stale);
        assertThat(interrupted.text("state")).isEqualTo("FAILED");
        assertThat(interrupted.body().get("problem").get("code").asString()).isEqualTo("generation-interrupted");
        assertThat(interrupted.body().get("finishedAt").isNull()).isFalse();
    }

    @Test
    void postmanCollectionIntoASuite() throws Exception {
        UUID project = api.post("/api/v1/projects", Map.of("name", "postman")).id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "imported"))
                .id();
        String collection = java.nio.file.Files.readString(java.nio.file.Path.of(
                "..", "control-plane", "src", "test", "resources", "postman", "items.postman_collection.json"));
        Api.Answer answer = api.post("/api/v1/suites/" + suite + "/import/postman", collection);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(names(answer.body().get("created")))
                .containsExactly("items / Create item", "items / Read item", "Upload", "Login form");
        assertThat(answer.body().get("unmapped").size()).isEqualTo(6);
        assertThat(answer.body().get("variables").toString()).isEqualTo("[\"baseUrl\",\"itemName\"]");
        assertThat(api.get("/api/v1/suites/" + suite + "/cases").body().size()).isEqualTo(4);
        try (var db = farm.database()) {
            var rs = db.createStatement()
                    .executeQuery("select variables ->> 'itemName' from test_suites where id = '" + suite + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("widget");
        }
        // importing again: every name is taken, nothing is duplicated, and the answer says so
        Api.Answer again = api.post("/api/v1/suites/" + suite + "/import/postman", collection);
        assertThat(again.body().get("created").size()).isZero();
        assertThat(api.get("/api/v1/suites/" + suite + "/cases").body().size()).isEqualTo(4);
        assertThat(api.post("/api/v1/suites/" + suite + "/import/postman", "{\"info\": {\"schema\": \"v1\"}}")
                        .status())
                .isEqualTo(422);
        assertThat(api.post("/api/v1/suites/" + suite + "/import/postman", "{not json")
                        .status())
                .isEqualTo(400);
    }
}
