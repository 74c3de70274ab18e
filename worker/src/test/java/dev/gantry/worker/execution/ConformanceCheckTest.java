package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ConformanceSpec;
import dev.gantry.model.ConformanceVerdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status documented by code or range (not by default alone); body valid against the schema and its references. */
class ConformanceCheckTest {
    static final String PET_LIST =
            """
            {"$schema": "http://json-schema.org/draft-04/schema#",
             "allOf": [{"$ref": "#/components/schemas/Pets"}],
             "components": {"schemas": {
               "Pets": {"type": "array", "maxItems": 2, "items": {"$ref": "#/components/schemas/Pet"}},
               "Pet": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}}}}
            """;
    static final ConformanceCheck CHECK = ConformanceCheck.compile(new ConformanceSpec(
            "GET /pets", Map.of("200", PET_LIST, "4XX", "", "default", ""), "http://json-schema.org/draft-04/schema#"));

    @Test
    void aDocumentedValidAnswerConforms() {
        ConformanceVerdict v = CHECK.check(200, "application/json", "[{\"id\": 1, \"name\": \"rex\"}]");
        assertThat(v.conforms()).isTrue();
        assertThat(v.response()).isEqualTo("200");
        assertThat(v.bodyConforms()).isTrue();
        assertThat(v.violations()).isEmpty();
    }

    @Test
    void anInvalidBodyIsReportedWithTheReferencedSchemasRules() {
        ConformanceVerdict v = CHECK.check(
                200,
                "application/json",
                "[{\"id\": \"one\"}, {\"id\": 2, \"name\": \"b\"}, {\"id\": 3, \"name\": \"c\"}]");
        assertThat(v.conforms()).isFalse();
        assertThat(v.bodyConforms()).isFalse();
        assertThat(String.join("\n", v.violations()))
                .contains("at most 2 items but found 3")
                .contains("required property 'name' not found")
                .contains("integer expected");
        assertThat(CHECK.check(200, "text/plain", "not json").violations())
                .containsExactly("body is not JSON (Content-Type text/plain)");
    }

    @Test
    void rangesCountAsDocumentedButDefaultAloneDoesNot() {
        ConformanceVerdict notFound = CHECK.check(404, "application/json", "{}");
        assertThat(notFound.statusDocumented()).isTrue();
        assertThat(notFound.response()).isEqualTo("4XX");
        assertThat(notFound.bodyConforms()).isNull();
        ConformanceVerdict serverError = CHECK.check(503, null, "");
        assertThat(serverError.statusDocumented()).isFalse();
        assertThat(serverError.response()).isEqualTo("default");
        assertThat(serverError.violations()).containsExactly("status 503 is not documented (only by default)");
    }
}
