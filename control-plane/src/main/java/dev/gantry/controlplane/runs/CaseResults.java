package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CaseTally;
import dev.gantry.model.PartitionTally;
import dev.gantry.model.RunSnapshot;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
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
    /** What was recorded: the run's totals and each case's. */
    record Recorded(RunTotals totals, Map<UUID, RunTotals> cases) {}

    private final JdbcTemplate jdbc;
    private final RunStore store;

    CaseResults(JdbcTemplate jdbc, RunStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** Per-case sums across partitions. */
    private static final class CaseResult {
        long passed, failed, skipped, errored, flaky;
        final Histogram durations = new Histogram(3);

        void add(CaseTally tally) {
            passed += tally.passed();
            failed += tally.failed();
            skipped += tally.skipped();
            errored += tally.errored();
            flaky += tally.flaky();
            if (tally.histogram() != null) {
                durations.add(decode(tally.histogram()));
            }
        }

        RunTotals totals() {
            return new RunTotals(passed, failed, skipped, errored, flaky);
        }

        Double percentileMs(double percentile) {
            return CaseResults.percentileMs(durations, percentile);
        }
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
     * Writes the run's per-case results and timings.
     *
     * @param setupPassed false when the main phase never ran: each of its steps is then counted as
     *     skipped, once per row of its chain
     */
    Recorded record(UUID runId, RunSnapshot snapshot, boolean setupPassed) {
        Map<UUID, CaseResult> results = new HashMap<>();
        // every phase's partitions; a tally is committed with its partition's counters, chunk by chunk
        for (String json : jdbc.queryForList(
                "select tally from run_partitions where run_id = ? and tally is not null", String.class, runId)) {
            PartitionTally tally = JsonColumns.MAPPER.readValue(json, PartitionTally.class);
            tally.cases().forEach((caseId, caseTally) -> results.computeIfAbsent(caseId, id -> new CaseResult())
                    .add(caseTally));
        }
        if (!setupPassed) {
            for (int chain = 0; chain < snapshot.chains().size(); chain++) {
                long rows = snapshot.chainRows().get(chain).count();
                for (UUID caseId : snapshot.chains().get(chain)) {
                    results.computeIfAbsent(caseId, id -> new CaseResult()).skipped += rows;
                }
            }
        }

        RunTotals totals = RunTotals.ZERO;
        Map<UUID, RunTotals> cases = new HashMap<>();
        Histogram all = new Histogram(3);
        List<Object[]> rows = new ArrayList<>();
        for (int position = 0; position < snapshot.cases().size(); position++) {
            CaseDefinition definition = snapshot.cases().get(position);
            CaseResult r = results.getOrDefault(definition.id(), new CaseResult());
            totals = totals.plus(r.totals());
            cases.put(definition.id(), r.totals());
            all.add(r.durations);
            rows.add(new Object[] {
                runId,
                definition.id(),
                definition.name(),
                position,
                r.passed,
                r.failed,
                r.skipped,
                r.errored,
                r.flaky,
                r.percentileMs(50),
                r.percentileMs(95),
                r.percentileMs(99),
                r.percentileMs(100)
            });
        }
        jdbc.update("delete from run_case_results where run_id = ?", runId);
        jdbc.batchUpdate(
                """
                insert into run_case_results (run_id, case_id, case_name, position, passed, failed, skipped, errored,
                    flaky, p50_ms, p95_ms, p99_ms, max_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                rows);
        store.recordTimings(
                runId, percentileMs(all, 50), percentileMs(all, 95), percentileMs(all, 99), percentileMs(all, 100));
        return new Recorded(totals, cases);
    }

    /** Microsecond histogram to milliseconds; null when nothing was measured. */
    static Double percentileMs(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? null : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a partition's duration histogram is corrupt", e);
        }
    }
}
