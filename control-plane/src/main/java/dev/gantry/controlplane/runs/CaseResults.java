package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.PartitionTally;
import dev.gantry.model.RunSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A run's per-case results and latency percentiles, merged from its partitions' tallies (committed
 * by the workers with their chunks). Written when the run is aggregated, and as well when its job
 * ends without aggregating: a run that ends in ERROR keeps, case by case, what was done.
 */
@Component
class CaseResults {
    private static final Logger log = LoggerFactory.getLogger(CaseResults.class);

    private final JdbcTemplate jdbc;
    private final RunStore store;

    CaseResults(JdbcTemplate jdbc, RunStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /**
     * For a run whose job ended without aggregating: records what its partitions did, case by case,
     * and answers the run's totals; the partitions' counters alone if that fails.
     */
    RunTotals totalsSoFar(UUID runId) {
        try {
            return record(runId, RunSnapshotJson.load(jdbc, runId), true).totals();
        } catch (RuntimeException e) {
            log.warn("run {}: its per-case results could not be recorded ({})", runId, e.toString());
            return store.partitionTotals(runId);
        }
    }

    /**
     * Writes the run's per-case results and timings, merged from its partitions' tallies
     * ({@link RunVerdict#merge}).
     *
     * @param setupPassed false when the main phase never ran: each of its steps is then counted as
     *     skipped, once per row of its chain
     */
    RunVerdict.Merged record(UUID runId, RunSnapshot snapshot, boolean setupPassed) {
        // every phase's partitions; a tally is committed with its partition's counters, chunk by chunk
        List<PartitionTally> tallies = new ArrayList<>();
        for (String json : jdbc.queryForList(
                "select tally from run_partitions where run_id = ? and tally is not null", String.class, runId)) {
            tallies.add(JsonColumns.MAPPER.readValue(json, PartitionTally.class));
        }
        RunVerdict.Merged merged = RunVerdict.merge(snapshot, tallies, setupPassed);
        List<Object[]> rows = new ArrayList<>(merged.cases().size());
        for (RunVerdict.CaseResult r : merged.cases()) {
            rows.add(new Object[] {
                runId,
                r.caseId(),
                r.name(),
                r.position(),
                r.totals().passed(),
                r.totals().failed(),
                r.totals().skipped(),
                r.totals().errored(),
                r.totals().flaky(),
                r.latencies().p50(),
                r.latencies().p95(),
                r.latencies().p99(),
                r.latencies().max()
            });
        }
        jdbc.update("delete from run_case_results where run_id = ?", runId);
        jdbc.batchUpdate(
                """
                insert into run_case_results (run_id, case_id, case_name, position, passed, failed, skipped, errored,
                    flaky, p50_ms, p95_ms, p99_ms, max_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                rows);
        RunVerdict.Latencies all = merged.latencies();
        store.recordTimings(runId, all.p50(), all.p95(), all.p99(), all.max());
        return merged;
    }
}
