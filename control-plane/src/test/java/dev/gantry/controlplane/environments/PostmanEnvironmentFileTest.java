package dev.gantry.controlplane.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.UnprocessableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Postman environment file's values as variables, secrets and the base URL; what is left out, and why. */
class PostmanEnvironmentFileTest {
    static final String STAGING =
            """
            {"id": "5f0c", "name": "Staging", "_postman_variable_scope": "environment",
             "values": [
               {"key": "baseUrl", "value": "https://staging.example.com/api", "type": "default", "enabled": true},
               {"key": "user", "value": "ci-bot", "type": "default", "enabled": true},
               {"key": "apiToken", "value": "s3cr3t", "type": "secret", "enabled": true},
               {"key": "retries", "value": 3, "type": "any", "enabled": true},
               {"key": "old", "value": "x", "type": "default", "enabled": false},
               {"key": "my var", "value": "y", "type": "default", "enabled": true},
               {"key": "user", "value": "release-bot", "type": "default", "enabled": true}
             ]}""";

    static PostmanEnvironmentFile.Plan read(String file, String name, String baseUrl, String variable) {
        return PostmanEnvironmentFile.read(file.getBytes(StandardCharsets.UTF_8), name, baseUrl, variable);
    }

    @Test
    void enabledValuesBecomeVariablesSecretsAndTheBaseUrl() {
        PostmanEnvironmentFile.Plan plan = read(STAGING, null, null, null);

        assertThat(plan.name()).isEqualTo("Staging");
        assertThat(plan.baseUrl()).isEqualTo("https://staging.example.com/api");
        assertThat(plan.baseUrlFrom()).isEqualTo("values[0].value");
        assertThat(plan.variables()).isEqualTo(Map.of("user", "release-bot", "retries", "3"));
        assertThat(plan.secrets()).isEqualTo(Map.of("apiToken", "s3cr3t"));
        assertThat(plan.imported())
                .containsExactly(
                        new PostmanEnvironmentFile.Imported("baseUrl", "baseUrl"),
                        new PostmanEnvironmentFile.Imported("user", "variable"),
                        new PostmanEnvironmentFile.Imported("apiToken", "secret"),
                        new PostmanEnvironmentFile.Imported("retries", "variable"));
        assertThat(plan.skipped())
                .extracting(PostmanEnvironmentFile.Skipped::field, PostmanEnvironmentFile.Skipped::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("values[4]", "disabled in the file"),
                        org.assertj.core.groups.Tuple.tuple(
                                "values[5].key",
                                "not a Gantry variable name (letters, digits, _ . -, not starting with a digit)"),
                        org.assertj.core.groups.Tuple.tuple("values[1]", "the file sets it again at values[6]"));
    }

    @Test
    void theBaseUrlIsFoundUnderItsUsualNamesInAnySpellingOrNamedOrGiven() {
        String file =
                """
                {"name": "e", "values": [{"key": "host", "value": "https://h.example"},
                                         {"key": "BASE_URL", "value": "https://b.example"}]}""";
        assertThat(read(file, null, null, null).baseUrl()).isEqualTo("https://b.example");
        assertThat(read(file, null, null, "host").baseUrl()).isEqualTo("https://h.example");
        PostmanEnvironmentFile.Plan given = read(file, "other", "https://given.example", null);
        assertThat(given.baseUrl()).isEqualTo("https://given.example");
        assertThat(given.baseUrlFrom()).isEqualTo("?baseUrl=");
        assertThat(given.name()).isEqualTo("other");
        assertThat(given.variables()).containsOnlyKeys("host", "BASE_URL");
    }

    @Test
    void withoutAUsableBaseUrlTheAnswerAsksForOne() {
        assertThatThrownBy(() ->
                        read("{\"name\": \"e\", \"values\": [{\"key\": \"a\", \"value\": \"b\"}]}", null, null, null))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> {
                    assertThat(e.code()).isEqualTo("no-base-url");
                    assertThat(e.field()).isEqualTo("baseUrl");
                    assertThat(e.getMessage()).contains("?baseUrl=");
                });
        assertThatThrownBy(() -> read(
                        "{\"name\": \"e\", \"values\": [{\"key\": \"baseUrl\", \"value\": \"{{scheme}}://api\"}]}",
                        null,
                        null,
                        null))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> {
                    assertThat(e.field()).isEqualTo("values[0].value");
                    assertThat(e.getMessage()).contains("not an absolute http(s) URL");
                });
        assertThatThrownBy(() -> read(STAGING, null, null, "nope"))
                .isInstanceOfSatisfying(
                        UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("baseUrlVariable"));
        // a secret is never the base URL
        assertThatThrownBy(() -> read(STAGING, null, null, "apiToken")).isInstanceOf(UnprocessableException.class);
    }

    @Test
    void aFileThatIsNotAnEnvironmentIsRefusedNamingTheField() {
        assertThatThrownBy(() -> read("{not json", null, null, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("body"));
        assertThatThrownBy(() -> read("{\"info\": {}, \"item\": []}", null, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage())
                        .contains("values: this is a Postman collection"));
        assertThatThrownBy(() ->
                        read("{\"values\": [{\"key\": \"baseUrl\", \"value\": \"https://a\"}]}", null, null, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("name"));
        assertThatThrownBy(() -> read("{\"name\": \"e\", \"values\": [{\"value\": 1}]}", null, null, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("values[0].key"));
    }
}
