package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test case to create: one HTTP request, what its answer must satisfy and what to extract from it for the
 * later cases of its chain. Null fields are left out, so the control plane applies its defaults.
 *
 * @param dependsOn the case before this one in its chain, or null for the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewCase(
        String name, UUID dependsOn, Request request, Expectations expectations, List<Extraction> extractions) {

    public NewCase {
        Require.text(name, "name");
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
    }

    /** This case, chained after {@code caseId}. */
    public NewCase dependingOn(UUID caseId) {
        return new NewCase(name, caseId, request, expectations, extractions);
    }

    /**
     * The request; values may hold {@code {{var}}} placeholders. {@code bodyType} is e.g. JSON or TEXT;
     * {@code timeoutMs} null takes the control plane's default.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String bodyType,
            String body,
            Long timeoutMs) {

        public Request {
            Require.text(method, "request.method");
            Require.text(path, "request.path");
        }

        /** A request with neither query, headers, body nor timeout of its own. */
        public static Request of(String method, String path) {
            return new Request(method, path, null, null, null, null, null);
        }
    }

    /** What the answer must satisfy for the step to pass; null lists check nothing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Expectations(
            List<Integer> status,
            List<JsonCheck> jsonPath,
            List<HeaderCheck> headers,
            List<String> bodyContains,
            List<String> bodyNotContains,
            Long maxResponseTimeMs) {

        /** Only the status must be one of these. */
        public static Expectations status(Integer... status) {
            return new Expectations(List.of(status), null, null, null, null, null);
        }
    }

    /** A check on the value a JSONPath selects from the body; {@code expected} is null for {@code exists}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JsonCheck(String path, String operator, String expected) {}

    /** A check on a response header; {@code expected} is null for {@code exists}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderCheck(String name, String operator, String expected) {}

    /** Saves a value of the answer (source BODY, HEADER, …) under a variable name for the later cases. */
    public record Extraction(String name, String source, String expression) {}
}
