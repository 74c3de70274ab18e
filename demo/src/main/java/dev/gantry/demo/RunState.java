package dev.gantry.demo;

import dev.gantry.client.Run;
import java.util.List;
import java.util.Set;

/** One answer of {@code GET /api/v1/runs/{id}}: status, counters and, once finished, the per-case results. */
record RunState(String id, String status, RunTotals totals, Long durationMs, String error, List<CaseResult> cases) {

    private static final Set<String> TERMINAL = Set.of("PASSED", "FAILED", "CANCELLED", "ERROR");

    static RunState from(Run run) {
        return new RunState(
                run.id() == null ? null : run.id().toString(),
                run.status(),
                RunTotals.from(run.totals()),
                run.durationMs(),
                run.error(),
                run.cases().stream().map(CaseResult::from).toList());
    }

    boolean finished() {
        return TERMINAL.contains(status);
    }
}
