package dev.gantry.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import dev.gantry.model.AssertionFailure;
import java.util.List;
import java.util.Set;

/**
 * A case's JSON Schema, compiled once per run, that response bodies are validated against.
 * References to other documents are never fetched (only the bundled meta-schemas load).
 */
final class BodySchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORTED = 5;

    private final JsonSchema schema;

    private BodySchema(JsonSchema schema) {
        this.schema = schema;
    }

    static BodySchema compile(String schemaJson) {
        if (schemaJson == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(schemaJson);
            SpecVersion.VersionFlag version =
                    SpecVersionDetector.detectOptionalVersion(node, false).orElse(SpecVersion.VersionFlag.V202012);
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                    version,
                    builder -> builder.schemaLoaders(loaders -> loaders.add(
                            new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
            return new BodySchema(factory.getSchema(node, BoundedRegex.SCHEMA_CONFIG));
        } catch (Exception e) {
            throw new IllegalArgumentException("the case's JSON Schema does not compile: " + e.getMessage(), e);
        }
    }

    void check(String body, List<AssertionFailure> failures) {
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (Exception e) {
            failures.add(
                    new AssertionFailure("body matches JSON Schema", "a JSON body", ResponseChecks.abbreviate(body)));
            return;
        }
        Set<ValidationMessage> errors;
        try {
            errors = schema.validate(document);
        } catch (RuntimeException e) {
            failures.add(
                    new AssertionFailure("body matches JSON Schema", "a schema that can be evaluated", e.getMessage()));
            return;
        }
        errors.stream()
                .limit(MAX_REPORTED)
                .forEach(error -> failures.add(new AssertionFailure(
                        "body matches JSON Schema at " + error.getInstanceLocation(),
                        error.getType() + " " + String.valueOf(error.getSchemaLocation()),
                        error.getMessage())));
    }
}
