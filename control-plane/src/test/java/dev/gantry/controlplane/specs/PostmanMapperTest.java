package dev.gantry.controlplane.specs;

import static dev.gantry.testsupport.RequestBodies.aHeaderCheck;
import static dev.gantry.testsupport.RequestBodies.aJsonPathCheck;
import static dev.gantry.testsupport.RequestBodies.anExtraction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.suites.CaseDrafts;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folders, requests, variables and the common test forms of a v2.1 collection; the rest listed, not dropped. */
class PostmanMapperTest {
    static PostmanMapper.Result map() throws Exception {
        try (InputStream in = PostmanMapperTest.class.getResourceAsStream("/postman/items.postman_collection.json")) {
            return PostmanMapper.map(JsonColumns.MAPPER.readTree(in.readAllBytes()));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(PostmanMapper.Draft d, String key) {
        return (Map<String, Object>) d.json().get(key);
    }

    @Test
    void mapsRequestsTestsAndVariables() throws Exception {
        PostmanMapper.Result result = map();
        assertThat(result.variables())
                .containsExactly(Map.entry("baseUrl", "http://localhost:8081"), Map.entry("itemName", "widget"));
        assertThat(result.drafts())
                .extracting(d -> d.json().get("name"))
                .containsExactly("items / Create item", "items / Read item", "Upload", "Login form");

        PostmanMapper.Draft create = result.drafts().get(0);
        assertThat(part(create, "request"))
                .containsEntry("method", "POST")
                .containsEntry("path", "/items")
                .containsEntry("bodyType", "JSON")
                .containsEntry("body", "{\"name\": \"{{itemName}}\", \"price\": 9.99}")
                .containsEntry("headers", Map.of("X-Trace", "{{$uuid}}"));
        assertThat(part(create, "expectations"))
                .isEqualTo(Map.of(
                        "status", List.of(201),
                        "jsonPath",
                                List.of(
                                        aJsonPathCheck("$.name", "equals", "widget"),
                                        aJsonPathCheck("$.price", "equals", "9.99")),
                        "maxResponseTimeMs", 499L));
        assertThat(create.json().get("extractions")).isEqualTo(List.of(anExtraction("itemId", "BODY", "$.id")));

        PostmanMapper.Draft read = result.drafts().get(1);
        assertThat(part(read, "request"))
                .containsEntry("path", "/items/{{itemId}}")
                .containsEntry("query", Map.of("expand", "all"))
                .containsEntry("headers", Map.of("Accept", "application/json"));
        assertThat(part(read, "expectations"))
                .isEqualTo(Map.of(
                        "status", List.of(200, 304),
                        "headers",
                                List.of(
                                        aHeaderCheck("ETag", "exists", null),
                                        aHeaderCheck("Content-Type", "equals", "application/json")),
                        "jsonPath", List.of(aJsonPathCheck("$.tags[0]", "exists", null))));

        PostmanMapper.Draft upload = result.drafts().get(2);
        assertThat(part(upload, "request"))
                .containsEntry("path", "/upload")
                .containsEntry("bodyType", "MULTIPART")
                .containsEntry("parts", List.of(Map.of("name", "note", "content", "hello")));
        assertThat(part(upload, "expectations"))
                .isEqualTo(Map.of("status", List.of(200), "bodyContains", List.of("stored")));

        assertThat(part(result.drafts().get(3), "request"))
                .containsEntry("bodyType", "FORM")
                .containsEntry("body", "user=bot&stamp={{$timestamp}}");

        // what is not mapped is listed, with the item it belongs to
        assertThat(result.unmapped())
                .extracting(u -> u.item() + " | " + u.what())
                .containsExactlyInAnyOrder(
                        "items / Create item | test: console.log(jsonData);",
                        "items / Create item | prerequest script: pm.variables.set(\"stamp\", Date.now());",
                        "items / Read item | test: pm.expect(pm.response.json().name.length).to.be.above(2);",
                        "items / Read item | auth bearer",
                        "Upload | host of https://api.example.com/upload",
                        "Upload | form-data file part file");

        // every draft is a valid case for the cases API
        for (PostmanMapper.Draft d : result.drafts()) {
            assertThat(CaseDrafts.contentHash(d.json())).as(d.item()).hasSize(64);
        }
    }
}
