package dev.gantry.controlplane.reports;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.model.StepStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/runs/{id}/diff?base=<run id>}: what changed against an earlier run of the
 * same suite (by default the latest finished run before it in the same environment): new
 * failures and fixed ones, per case with their data rows, and the cases whose p95 latency grew.
 * Failing rows come from the runs' failure indexes in Redis (final attempts only), at most
 * {@link #MAX_ROWS} per run; {@code truncated} says when there were more.
 */
@RestController
class RunDiffController {
    static final int MAX_ROWS = 10_000;

    record CaseChange(UUID caseId, String name, long count, List<Integer> rows) {}

    record Slower(UUID caseId, String name, Double baseP95Ms, Double p95Ms, double ratio) {}

    record Diff(
            UUID runId,
            UUID baseRunId,
            String status,
            String baseStatus,
            List<CaseChange> newFailures,
            List<CaseChange> fixed,
            List<CaseChange> stillFailing,
            List<Slower> slower,
            boolean truncated) {}

    private final ReportSource source;
    private final JdbcTemplate jdbc;

    RunDiffController(ReportSource source, JdbcTemplate jdbc) {
        this.source = source;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/runs/{id}/diff")
    Diff diff(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) UUID base,
            @RequestParam(defaultValue = "1.2") double slowerBy,
            @RequestParam(defaultValue = "5") double minDeltaMs) {
        if (slowerBy < 1) {
            throw new InvalidInputException("slowerBy", "must be at least 1 (1.2 means 20% slower)");
        }
        ReportRun run = source.run(id, caller.tenantId());
        UUID baseId = base != null ? base : previous(run);
        ReportRun before = source.run(baseId, caller.tenantId());
        if (!before.suiteId().equals(run.suiteId())) {
            throw new UnprocessableException("other-suite", "run " + baseId + " is of another suite than run " + id);
        }
        source.requireDetails(run);
        source.requireDetails(before);
        boolean[] truncated = {false};
        Map<UUID, Set<Integer>> now = failingRows(run, truncated);
        Map<UUID, Set<Integer>> then = failingRows(before, truncated);
        Map<UUID, String> names = new HashMap<>();
        before.cases().forEach(c -> names.put(c.caseId(), c.name()));
        run.cases().forEach(c -> names.put(c.caseId(), c.name()));

        List<CaseChange> newFailures = new ArrayList<>();
        List<CaseChange> fixed = new ArrayList<>();
        List<CaseChange> still = new ArrayList<>();
        Set<UUID> cases = new java.util.LinkedHashSet<>(now.keySet());
        cases.addAll(then.keySet());
        for (UUID caseId : cases) {
            Set<Integer> a = now.getOrDefault(caseId, Set.of());
            Set<Integer> b = then.getOrDefault(caseId, Set.of());
            add(newFailures, caseId, names, minus(a, b));
            add(fixed, caseId, names, minus(b, a));
            Set<Integer> both = new TreeSet<>(a);
            both.retainAll(b);
            add(still, caseId, names, both);
        }
        Map<UUID, ReportRun.CaseLine> baseCases = new LinkedHashMap<>();
        before.cases().forEach(c -> baseCases.put(c.caseId(), c));
        List<Slower> slower = new ArrayList<>();
        for (ReportRun.CaseLine c : run.cases()) {
            ReportRun.CaseLine b = baseCases.get(c.caseId());
            if (b == null || b.p95Ms() == null || c.p95Ms() == null || b.p95Ms() <= 0) {
                continue;
            }
            double ratio = c.p95Ms() / b.p95Ms();
            if (ratio >= slowerBy && c.p95Ms() - b.p95Ms() >= minDeltaMs) {
                slower.add(new Slower(c.caseId(), c.name(), b.p95Ms(), c.p95Ms(), Math.round(ratio * 100) / 100.0));
            }
        }
        slower.sort((x, y) -> Double.compare(y.ratio(), x.ratio()));
        return new Diff(
                id,
                baseId,
                run.status().name(),
                before.status().name(),
                newFailures,
                fixed,
                still,
                slower,
                truncated[0]);
    }

    private UUID previous(ReportRun run) {
        return jdbc
                .queryForList(
                        """
                        select id from runs where suite_id = ? and environment_id = ? and created_at < ?
                          and status in ('PASSED', 'FAILED') order by created_at desc limit 1
                        """,
                        UUID.class,
                        run.suiteId(),
                        run.environmentId(),
                        java.sql.Timestamp.from(run.createdAt()))
                .stream()
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "base", "run " + run.id() + " has no earlier finished run to compare with; give base"));
    }

    private Map<UUID, Set<Integer>> failingRows(ReportRun run, boolean[] truncated) {
        Map<UUID, Set<Integer>> rows = new HashMap<>();
        int[] seen = {0};
        for (StepStatus status : new StepStatus[] {StepStatus.FAILED, StepStatus.ERRORED}) {
            source.forEachStep(run.id(), status, MAX_ROWS + 1L, d -> {
                if (seen[0]++ >= MAX_ROWS) {
                    truncated[0] = true;
                    return;
                }
                rows.computeIfAbsent(d.caseId(), id -> new TreeSet<>()).add(d.rowIndex());
            });
        }
        return rows;
    }

    private static Set<Integer> minus(Set<Integer> a, Set<Integer> b) {
        Set<Integer> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static void add(List<CaseChange> into, UUID caseId, Map<UUID, String> names, Set<Integer> rows) {
        if (!rows.isEmpty()) {
            into.add(new CaseChange(caseId, names.get(caseId), rows.size(), List.copyOf(rows)));
        }
    }
}
