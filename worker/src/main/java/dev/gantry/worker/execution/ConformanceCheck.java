package dev.gantry.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import dev.gantry.model.ConformanceSpec;
import dev.gantry.model.ConformanceVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A case's documented responses, compiled once per run (networknt json-schema-validator, no remote
 * references loaded): is the answer's status documented, and is its body valid against the schema?
 */
public final class ConformanceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_VIOLATIONS = 5;

    private final String endpoint;
    /** status key → compiled schema, or null when the response documents no JSON body */
    private final Map<String, JsonSchema> responses;

    private ConformanceCheck(String endpoint, Map<String, JsonSchema> responses) {
        this.endpoint = endpoint;
        this.responses = responses;
    }

    public static ConformanceCheck compile(ConformanceSpec spec) {
        if (spec == null) {
            return null;
        }
        SpecVersion.VersionFlag version =
                spec.dialect() != null && spec.dialect().contains("draft-04")
                        ? SpecVersion.VersionFlag.V4
                        : SpecVersion.VersionFlag.V202012;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                version,
                builder -> builder.schemaLoaders(loaders ->
                        loaders.add(new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
        Map<String, JsonSchema> compiled = new LinkedHashMap<>();
        spec.responses().forEach((status, schema) -> {
            JsonSchema s = null;
            if (schema != null && !schema.isEmpty()) {
                try {
                    s = factory.getSchema(JSON.readTree(schema), BoundedRegex.SCHEMA_CONFIG);
                } catch (Exception e) {
                    s = null; // an undocumentable schema checks nothing rather than failing the run
                }
            }
            compiled.put(status.toUpperCase(Locale.ROOT), s);
        });
        return new ConformanceCheck(spec.endpoint(), compiled);
    }

    public ConformanceVerdict check(int status, String contentType, String body) {
        String exact = String.valueOf(status);
        String range = (status / 100) + "XX";
        String key = responses.containsKey(exact)
                ? exact
                : responses.containsKey(range) ? range : responses.containsKey("DEFAULT") ? "DEFAULT" : null;
        boolean documented = responses.containsKey(exact) || responses.containsKey(range);
        List<String> violations = new ArrayList<>();
        if (!documented) {
            violations.add("status " + status + " is not documented" + (key == null ? "" : " (only by default)"));
        }
        Boolean bodyConforms = null;
        JsonSchema schema = key == null ? null : responses.get(key);
        if (schema != null) {
            if (body == null || body.isBlank()) {
                bodyConforms = false;
                violations.add("no body, but response " + key.toLowerCase(Locale.ROOT) + " documents one");
            } else {
                JsonNode document = null;
                try {
                    document = JSON.readTree(body);
                } catch (Exception e) {
                    bodyConforms = false;
                    violations.add(
                            "body is not JSON" + (contentType == null ? "" : " (Content-Type " + contentType + ")"));
                }
                if (document != null) {
                    try {
                        Set<ValidationMessage> errors = schema.validate(document);
                        bodyConforms = errors.isEmpty();
                        errors.stream().limit(MAX_VIOLATIONS).forEach(e -> violations.add(e.getMessage()));
                    } catch (RuntimeException e) {
                        bodyConforms = null;
                        violations.add("schema could not be evaluated: " + e.getMessage());
                    }
                }
            }
        }
        return new ConformanceVerdict(
                endpoint,
                key == null ? null : key.toLowerCase(Locale.ROOT).replace("xx", "XX"),
                documented,
                bodyConforms,
                violations);
    }
}
