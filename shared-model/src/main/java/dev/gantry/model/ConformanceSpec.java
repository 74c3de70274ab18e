package dev.gantry.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a case's answer must conform to, from the project's active API specification, frozen into
 * the run snapshot so the worker checks it without asking anyone.
 *
 * @param endpoint  the documented operation, {@code "GET /pets/{petId}"}
 * @param responses documented status keys ({@code "200"}, {@code "4XX"}, {@code "default"}) to a JSON
 *                  Schema document for the body (references resolved inside it), or "" when the
 *                  response documents no JSON body
 * @param dialect   {@code $schema} of those documents: draft-04 for OpenAPI 3.0/Swagger 2.0, 2020-12 for 3.1
 */
public record ConformanceSpec(String endpoint, Map<String, String> responses, String dialect) {
    public ConformanceSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        responses = responses == null ? Map.of() : Map.copyOf(responses);
    }
}
