package dev.gantry.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A run as {@code GET /api/v1/runs/{id}} answers it: status, counters and, once it has ended, per-case
 * results. Fields the control plane sends as null (no latency yet, no error) are null here.
 */
public record Run(
        UUID id,
        UUID suiteId,
        String status,
        Totals totals,
        Instant createdAt,
        Instant firstStepAt,
        Instant finishedAt,
        Long durationMs,
        Latency latency,
        String error,
        List<CaseResult> cases) {

    private static final Set<String> ENDED = Set.of("PASSED", "FAILED", "CANCELLED", "ERROR");

    public Run {
        cases = cases == null ? List.of() : List.copyOf(cases);
    }

    /** Whether the run has reached a final status (it will not change any more). */
    public boolean ended() {
        return ENDED.contains(status);
    }

    /** Step counters; {@code flaky} steps passed only on a retry and also count as passed. */
    public record Totals(
            long workItems, long steps, long done, long passed, long flaky, long failed, long skipped, long errored) {}

    /** Step latency over the whole run, in milliseconds; null while unknown. */
    public record Latency(Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {}

    /** One case's outcome over all rows; latencies null while unknown. */
    public record CaseResult(
            UUID caseId,
            String name,
            long passed,
            long failed,
            long skipped,
            long errored,
            long flaky,
            Double p50Ms,
            Double p95Ms) {}
}
