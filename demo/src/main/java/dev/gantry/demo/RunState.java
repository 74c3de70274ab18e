package dev.gantry.demo;

import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** One answer of {@code GET /api/v1/runs/{id}}: status, counters and, once finished, the per-case results. */
record RunState(String id, String status, RunTotals totals, Long durationMs, String error, List<CaseResult> cases) {

    private static final Set<String> TERMINAL = Set.of("PASSED", "FAILED", "CANCELLED", "ERROR");

    static RunState from(JsonNode node) {
        JsonNode cases = node.path("cases");
        List<CaseResult> results = cases.isArray()
                ? StreamSupport.stream(cases.spliterator(), false)
                        .map(CaseResult::from)
                        .toList()
                : List.of();
        return new RunState(
                Json.text(node, "id"),
                Json.text(node, "status"),
                RunTotals.from(node.get("totals")),
                Json.integer(node, "durationMs"),
                Json.text(node, "error"),
                results);
    }

    boolean finished() {
        return TERMINAL.contains(status);
    }
}
