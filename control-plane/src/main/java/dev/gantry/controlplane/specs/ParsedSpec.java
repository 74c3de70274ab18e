package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What an import keeps of a document, before it is stored: everything a row needs, schemas as JSON
 * with their local {@code $ref}s, and the non-fatal problems the parser reported. Schemas and examples
 * are held as the JSON text their columns store, a fraction of their trees' size (GitHub's description
 * keeps 7 MB of text where its trees took 40 MB); the tree accessors parse on demand.
 */
record ParsedSpec(
        String sourceVersion,
        SpecDocumentReader.Format format,
        String title,
        String apiVersion,
        String sha256,
        int bytes,
        List<SpecProblem> problems,
        String componentsJson,
        List<Endpoint> endpoints,
        List<SecurityScheme> securitySchemes) {

    JsonNode components() {
        return SpecStore.tree(componentsJson);
    }

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
            String name, String location, boolean required, String contentType, String schemaJson, String exampleJson) {
        JsonNode schema() {
            return SpecStore.tree(schemaJson);
        }

        JsonNode example() {
            return SpecStore.tree(exampleJson);
        }
    }

    /** A documented response; {@code examples} maps example names to values. */
    record Response(String status, String description, String contentType, String schemaJson, String examplesJson) {
        JsonNode schema() {
            return SpecStore.tree(schemaJson);
        }

        JsonNode examples() {
            return SpecStore.tree(examplesJson);
        }
    }

    record SecurityScheme(
            String name, String type, String scheme, String location, String paramName, String definitionJson) {
        JsonNode definition() {
            return SpecStore.tree(definitionJson);
        }
    }

    int parameterCount() {
        return endpoints.stream().mapToInt(e -> e.parameters().size()).sum();
    }

    int responseCount() {
        return endpoints.stream().mapToInt(e -> e.responses().size()).sum();
    }
}
