package dev.gantry.controlplane.suites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a case's JSON Schema when it is saved: it must parse, and conform to its own meta-schema
 * ({@code $schema}, draft 2020-12 when absent). References to other documents are never fetched.
 */
final class JsonSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemas() {}

    /** Empty when the schema is valid; otherwise what is wrong with it. */
    static Optional<String> problem(String schemaJson) {
        JsonNode schema;
        try {
            schema = JSON.readTree(schemaJson);
        } catch (Exception e) {
            return Optional.of("not JSON: " + e.getMessage());
        }
        if (!schema.isObject() && !schema.isBoolean()) {
            return Optional.of("a JSON Schema is an object (or true/false)");
        }
        SpecVersion.VersionFlag version;
        try {
            version = SpecVersionDetector.detectOptionalVersion(schema, false).orElse(SpecVersion.VersionFlag.V202012);
        } catch (RuntimeException e) {
            return Optional.of("unsupported $schema: " + schema.path("$schema").asText());
        }
        try {
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                    version,
                    builder -> builder.schemaLoaders(loaders -> loaders.add(
                            new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
            String metaSchema = factory.getSchema(schema)
                    .getValidationContext()
                    .getMetaSchema()
                    .getIri();
            Set<ValidationMessage> errors =
                    factory.getSchema(SchemaLocation.of(metaSchema)).validate(schema);
            if (!errors.isEmpty()) {
                return Optional.of(errors.iterator().next().getMessage());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }
}
