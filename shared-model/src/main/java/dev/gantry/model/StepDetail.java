package dev.gantry.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Request, response, verdict and timing of one executed step, as kept in Redis.
 * Secrets are redacted before a detail is built.
 *
 * @param abridged true when the run's {@link StepDetailLevel} left headers and bodies out; null when
 *                 the detail is whole
 */
public record StepDetail(
        int schemaVersion,
        UUID runId,
        long workItemSeq,
        int rowIndex,
        int stepIndex,
        int attempt,
        UUID caseId,
        String caseName,
        StepStatus status,
        String method,
        String url,
        Map<String, String> requestHeaders,
        String requestBody,
        Integer responseStatus,
        Map<String, String> responseHeaders,
        String responseBody,
        long startedAtEpochMs,
        long durationMicros,
        List<AssertionFailure> failures,
        String error,
        ConformanceVerdict conformance,
        Long responseBytes,
        Boolean abridged) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * A detail whose response size is its body's (nothing was left unread), or that has no response.
     *
     * @see #responseBytes() the answer's whole size in bytes, of which the worker may have kept less
     */
    public StepDetail(
            int schemaVersion,
            UUID runId,
            long workItemSeq,
            int rowIndex,
            int stepIndex,
            int attempt,
            UUID caseId,
            String caseName,
            StepStatus status,
            String method,
            String url,
            Map<String, String> requestHeaders,
            String requestBody,
            Integer responseStatus,
            Map<String, String> responseHeaders,
            String responseBody,
            long startedAtEpochMs,
            long durationMicros,
            List<AssertionFailure> failures,
            String error,
            ConformanceVerdict conformance) {
        this(
                schemaVersion,
                runId,
                workItemSeq,
                rowIndex,
                stepIndex,
                attempt,
                caseId,
                caseName,
                status,
                method,
                url,
                requestHeaders,
                requestBody,
                responseStatus,
                responseHeaders,
                responseBody,
                startedAtEpochMs,
                durationMicros,
                failures,
                error,
                conformance,
                null,
                null);
    }

    /** A detail without a conformance verdict (the case matched no documented endpoint). */
    public StepDetail(
            int schemaVersion,
            UUID runId,
            long workItemSeq,
            int rowIndex,
            int stepIndex,
            int attempt,
            UUID caseId,
            String caseName,
            StepStatus status,
            String method,
            String url,
            Map<String, String> requestHeaders,
            String requestBody,
            Integer responseStatus,
            Map<String, String> responseHeaders,
            String responseBody,
            long startedAtEpochMs,
            long durationMicros,
            List<AssertionFailure> failures,
            String error) {
        this(
                schemaVersion,
                runId,
                workItemSeq,
                rowIndex,
                stepIndex,
                attempt,
                caseId,
                caseName,
                status,
                method,
                url,
                requestHeaders,
                requestBody,
                responseStatus,
                responseHeaders,
                responseBody,
                startedAtEpochMs,
                durationMicros,
                failures,
                error,
                null);
    }

    public StepDetail {
        failures = failures == null ? List.of() : List.copyOf(failures);
        requestHeaders = requestHeaders == null ? Map.of() : requestHeaders;
        responseHeaders = responseHeaders == null ? Map.of() : responseHeaders;
    }

    /** The same detail with another status (a pass on a retry becomes FLAKY). */
    public StepDetail withStatus(StepStatus newStatus) {
        return copy(newStatus, conformance, responseBytes);
    }

    /** The same detail with the answer's whole size in bytes. */
    public StepDetail withResponseBytes(long bytes) {
        return copy(status, conformance, bytes);
    }

    /** The same detail with a conformance verdict. */
    public StepDetail withConformance(ConformanceVerdict verdict) {
        return verdict == conformance ? this : copy(status, verdict, responseBytes);
    }

    /**
     * The detail without headers and bodies: what a passed step of a passed chain keeps under
     * {@link StepDetailLevel#FAILURES_AND_SAMPLE} (what was called, the answer's status, size and timing).
     */
    public StepDetail abridge() {
        return new StepDetail(
                schemaVersion,
                runId,
                workItemSeq,
                rowIndex,
                stepIndex,
                attempt,
                caseId,
                caseName,
                status,
                method,
                url,
                Map.of(),
                null,
                responseStatus,
                Map.of(),
                null,
                startedAtEpochMs,
                durationMicros,
                failures,
                error,
                conformance,
                responseBytes,
                Boolean.TRUE);
    }

    private StepDetail copy(StepStatus newStatus, ConformanceVerdict newConformance, Long newResponseBytes) {
        return new StepDetail(
                schemaVersion,
                runId,
                workItemSeq,
                rowIndex,
                stepIndex,
                attempt,
                caseId,
                caseName,
                newStatus,
                method,
                url,
                requestHeaders,
                requestBody,
                responseStatus,
                responseHeaders,
                responseBody,
                startedAtEpochMs,
                durationMicros,
                failures,
                error,
                newConformance,
                newResponseBytes,
                abridged);
    }

    /** Identity of the detail inside its run; a replayed step overwrites the same entry. */
    public String key() {
        return workItemSeq + ":" + stepIndex + ":" + attempt;
    }

    /** Sort order inside a run: work item, then step, then attempt. Exact below 2^53. */
    public double orderScore() {
        return ((double) workItemSeq * RunSnapshot.MAX_CHAIN_LENGTH + stepIndex) * 16 + Math.min(attempt, 15);
    }
}
