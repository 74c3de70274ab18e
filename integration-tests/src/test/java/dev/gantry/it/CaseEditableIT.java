package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /cases/{id}/editable} answers a case as {@code PUT /cases/{id}} takes it, so an editor (the
 * web console's case form) that sends it back unchanged keeps everything, the retry policy, status
 * classes and the JSON Schema included, and one that changes a field changes only that field.
 */
class CaseEditableIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aCaseSentBackAsEditableKeepsEveryFieldAndAChangeTouchesOnlyItsField() {
        Farm farm = Farm.get();
        Api api = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("editable"))
                .api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "editable")).id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "s"))
                .id();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "read item");
        body.put(
                "request",
                Map.of("method", "GET", "path", "/items/1", "headers", Map.of("Accept", "application/json")));
        body.put(
                "expectations",
                Map.of(
                        "status",
                        List.of(200, "3xx"),
                        "jsonPath",
                        List.of(Map.of("path", "$.name", "operator", "equals", "expected", "a")),
                        "jsonSchema",
                        Map.of("type", "object")));
        body.put("retry", Map.of("attempts", 3, "backoffMs", 100, "on", List.of("serverError", "timeout")));
        body.put("tags", List.of("smoke"));
        body.put("priority", "high");
        body.put("links", List.of(Map.of("kind", "story", "key", "CTP-7")));
        Api.Answer created = api.post("/api/v1/suites/" + suite + "/cases", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        UUID id = created.id();

        Api.Answer editable = api.get("/api/v1/cases/" + id + "/editable");
        assertThat(editable.status()).as(editable.raw()).isEqualTo(200);
        JsonNode e = editable.body();
        assertThat(e.get("expectations").get("status").toString()).isEqualTo("[200,\"3xx\"]");
        assertThat(e.get("expectations").get("jsonPath").toString())
                .isEqualTo("[{\"path\":\"$.name\",\"operator\":\"equals\",\"expected\":\"a\"}]");
        assertThat(e.get("expectations").get("jsonSchema").toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(e.get("retry").toString())
                .isEqualTo("{\"attempts\":3,\"backoffMs\":100,\"on\":[\"serverError\",\"timeout\"]}");
        assertThat(e.get("links").toString()).isEqualTo("[{\"kind\":\"STORY\",\"key\":\"CTP-7\"}]");
        assertThat(e.get("priority").asString()).isEqualTo("HIGH");

        JsonNode before = api.get("/api/v1/cases/" + id).body();
        Api.Answer sentBack = api.put("/api/v1/cases/" + id, JSON.treeToValue(e, Object.class));
        assertThat(sentBack.status()).as(sentBack.raw()).isEqualTo(200);
        assertThat(withoutTimes(sentBack.body())).isEqualTo(withoutTimes(before));
        assertThat(api.get("/api/v1/cases/" + id + "/editable").body()).isEqualTo(e);

        // a changed name is the only field the change log records
        ((tools.jackson.databind.node.ObjectNode) e).put("name", "read item again");
        assertThat(api.put("/api/v1/cases/" + id, JSON.treeToValue(e, Object.class))
                        .status())
                .isEqualTo(200);
        JsonNode changes = api.get("/api/v1/cases/" + id + "/changes").body();
        assertThat(changes.get(0).get("field").asString()).isEqualTo("name");
        assertThat(changes.get(1).get("change").asString()).isEqualTo("CREATED");
        assertThat(changes.size()).isEqualTo(2);

        // another tenant's case is not found
        Api other = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("editable-other"))
                .api();
        Api.Answer refused = other.get("/api/v1/cases/" + id + "/editable");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body().get("code").asString()).isEqualTo("not-found");
    }

    private static JsonNode withoutTimes(JsonNode c) {
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) c.deepCopy();
        copy.remove("updatedAt");
        return copy;
    }
}
