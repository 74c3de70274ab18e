package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

        Api.Answer first = api.post("/api/v1/suites/" + suite + "/generate", Map.of());
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(names(first.body().get("created")))
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
        JsonNode origins = api.get("/api/v1/suites/" + suite + "/generated").body();
        assertThat(origins.size()).isEqualTo(9);
        assertThat(origins.get(0).get("endpoint").asString()).isEqualTo("GET /pets");
        assertThat(origins.get(0).get("kind").asString()).isEqualTo("happy");

        // nothing changed: nothing to do
        Api.Answer again = api.post("/api/v1/suites/" + suite + "/generate", Map.of());
        assertThat(again.body().get("created").size()).isZero();
        assertThat(again.body().get("updated").size()).isZero();
        assertThat(again.body().get("unchanged").asInt()).isEqualTo(9);

        // someone edits a generated case by hand
        UUID edited =
                UUID.fromString(first.body().get("created").get(8).get("id").asString());
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
        Api.Answer regenerated = api.post("/api/v1/suites/" + suite + "/generate", Map.of());
        assertThat(names(regenerated.body().get("updated")))
                .containsExactly(
                        "GET /pets · boundary · limit = 50 (maximum)",
                        "GET /pets · boundary · limit = 51 (above maximum)");
        assertThat(names(regenerated.body().get("diverged"))).containsExactly("GET /pets/{petId} · happy");
        assertThat(regenerated.body().get("unchanged").asInt()).isEqualTo(6);
        assertThat(regenerated.body().get("created").size()).isZero();
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
                        + regenerated.body().get("updated").get(1).get("id").asString())
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
