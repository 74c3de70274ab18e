package dev.gantry.controlplane.reports;

import dev.gantry.model.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What every report says about a run besides its steps: summary, totals and per-case results.
 *
 * @param quarantined names of cases on the suite's quarantine list: they ran, but do not decide the verdict
 * @param readAt      when the report was read (the control plane's clock): a run under way lasted until then
 */
record ReportRun(
        UUID id,
        UUID suiteId,
        String suiteName,
        UUID environmentId,
        String environmentName,
        RunStatus status,
        String trigger,
        String commitSha,
        String branch,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        long totalSteps,
        long passed,
        long flaky,
        long failed,
        long skipped,
        long errored,
        String error,
        Double p50Ms,
        Double p95Ms,
        Double maxMs,
        Instant resultsExpireAt,
        List<CaseLine> cases,
        List<String> quarantined,
        Instant readAt) {

    record CaseLine(
            UUID caseId,
            String name,
            long passed,
            long failed,
            long skipped,
            long errored,
            long flaky,
            Double p50Ms,
            Double p95Ms,
            Double maxMs) {}

    Long durationMs() {
        if (startedAt == null) {
            return null;
        }
        Instant end = finishedAt != null ? finishedAt : readAt;
        return end.toEpochMilli() - startedAt.toEpochMilli();
    }

    long done() {
        return passed + flaky + failed + skipped + errored;
    }

    String statusUrl() {
        return "/api/v1/runs/" + id;
    }
}
