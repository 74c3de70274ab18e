package dev.gantry.controlplane.suites;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test case as a client sends it. {@code phase} is SETUP, TEST (the default) or TEARDOWN;
 * {@code dataSetId} pins one data set of the suite; {@code runAfterFailure} runs the case even when an
 * earlier step of its chain failed or errored (default false); {@code tags}, {@code priority}, {@code type},
 * {@code mode} and {@code automationStatus} file it (see {@link CaseClassification}), {@code moduleId} puts it
 * in a node of its project's hierarchy ({@link CaseModule}); {@code preconditions}, {@code steps} and
 * {@code expectedResult} tell a tester how to do it by hand ({@link CaseText}; a {@code MANUAL} case needs no
 * {@code request}), {@code links} name the stories and defects of an external tracker ({@link CaseLink}).
 * Enumerations arrive as strings so that a wrong value is reported by {@link CaseValidator} with the exact field
 * name, not as an unreadable body.
 */
record CaseRequest(
        String name,
        Integer position,
        UUID dependsOn,
        Boolean enabled,
        Request request,
        Expect expectations,
        List<Extract> extractions,
        Retry retry,
        String phase,
        UUID dataSetId,
        Boolean runAfterFailure,
        List<String> tags,
        String priority,
        String type,
        String mode,
        String automationStatus,
        UUID moduleId,
        String preconditions,
        String steps,
        String expectedResult,
        List<Link> links) {

    /** A test-phase case with a retry policy and no pinned data set. */
    CaseRequest(
            String name,
            Integer position,
            UUID dependsOn,
            Boolean enabled,
            Request request,
            Expect expectations,
            List<Extract> extractions,
            Retry retry) {
        this(
                name,
                position,
                dependsOn,
                enabled,
                request,
                expectations,
                extractions,
                retry,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A case without a retry policy. */
    CaseRequest(
            String name,
            Integer position,
            UUID dependsOn,
            Boolean enabled,
            Request request,
            Expect expectations,
            List<Extract> extractions) {
        this(name, position, dependsOn, enabled, request, expectations, extractions, null);
    }

    /** {@code kind}: story or defect; {@code key}: the tracker's key, {@code CTP-1234}. */
    record Link(String kind, String key) {}

    record Request(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String bodyType,
            String body,
            Long timeoutMs,
            List<Part> parts) {

        /** A request without multipart parts. */
        Request(
                String method,
                String path,
                Map<String, String> query,
                Map<String, String> headers,
                String bodyType,
                String body,
                Long timeoutMs) {
            this(method, path, query, headers, bodyType, body, timeoutMs, null);
        }
    }

    /** A multipart/form-data part; with a filename it is a file. */
    record Part(String name, String filename, String contentType, String content) {}

    /**
     * {@code status} takes codes and classes alike: {@code [200, 201, "3xx"]}; {@code contentType}
     * a media type ({@code application/json}, {@code text/*}).
     */
    record Expect(
            List<Object> status,
            List<Check> jsonPath,
            List<HeaderCheckRequest> headers,
            List<String> bodyContains,
            List<String> bodyNotContains,
            Long maxResponseTimeMs,
            Object jsonSchema,
            String contentType) {

        /** Expectations without a content type. */
        Expect(
                List<Object> status,
                List<Check> jsonPath,
                List<HeaderCheckRequest> headers,
                List<String> bodyContains,
                List<String> bodyNotContains,
                Long maxResponseTimeMs,
                Object jsonSchema) {
            this(status, jsonPath, headers, bodyContains, bodyNotContains, maxResponseTimeMs, jsonSchema, null);
        }

        /** Expectations without a JSON Schema or content type. */
        Expect(
                List<Object> status,
                List<Check> jsonPath,
                List<HeaderCheckRequest> headers,
                List<String> bodyContains,
                List<String> bodyNotContains,
                Long maxResponseTimeMs) {
            this(status, jsonPath, headers, bodyContains, bodyNotContains, maxResponseTimeMs, null, null);
        }
    }

    record Check(String path, String operator, String expected) {}

    record HeaderCheckRequest(String name, String operator, String expected) {}

    /** {@code optional}: nothing found leaves the variable unset instead of failing the step. */
    record Extract(String name, String source, String expression, String defaultValue, Boolean optional) {

        /** A required extraction. */
        Extract(String name, String source, String expression, String defaultValue) {
            this(name, source, expression, defaultValue, null);
        }
    }

    /** @param on any of connection, timeout, serverError (or 5xx), assertion */
    record Retry(Integer attempts, Long backoffMs, List<String> on) {}
}
