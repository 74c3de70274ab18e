package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What an import keeps of a document, before it is stored: everything a row needs, schemas as JSON
 * with their local {@code $ref}s, and the non-fatal problems the parser reported.
 */
record ParsedSpec(
        String sourceVersion,
        SpecDocumentReader.Format format,
        String title,
        String apiVersion,
        String sha256,
        int bytes,
        List<SpecProblem> problems,
        JsonNode components,
        List<Endpoint> endpoints,
        List<SecurityScheme> securitySchemes) {

    /**
     * @param security alternatives of the endpoint's effective requirement (its own, else the document's);
     *                 each maps scheme names to scopes; an empty map is "anonymous allowed"
     */
    record Endpoint(
            String method,
            String path,
            String operationId,
            String summary,
            List<String> tags,
            boolean deprecated,
            List<Parameter> parameters,
            List<Response> responses,
            List<Map<String, List<String>>> security) {

        Parameter body() {
            return parameters.stream()
                    .filter(p -> p.location().equals("body"))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A path, query, header or cookie parameter, or the request body ({@code location = body}). */
    record Parameter(
            String name, String location, boolean required, String contentType, JsonNode schema, JsonNode example) {}

    /** A documented response; {@code examples} maps example names to values. */
    record Response(String status, String description, String contentType, JsonNode schema, JsonNode examples) {}

    record SecurityScheme(
            String name, String type, String scheme, String location, String paramName, JsonNode definition) {}

    int parameterCount() {
        return endpoints.stream().mapToInt(e -> e.parameters().size()).sum();
    }

    int responseCount() {
        return endpoints.stream().mapToInt(e -> e.responses().size()).sum();
    }
}
