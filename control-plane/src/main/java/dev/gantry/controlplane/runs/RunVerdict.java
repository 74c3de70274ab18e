package dev.gantry.controlplane.runs;

import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CaseTally;
import dev.gantry.model.PartitionTally;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The decisions at the heart of a run's aggregation, apart from the stores they are read from
 * and written to: how the partitions' tallies merge into per-case results and the run's totals
 * ({@link #merge}), whether the run ends in ERROR and why ({@link #error}), and else whether it
 * passed ({@link #judged}). Pure functions of plain records; {@link RunAggregator} and
 * {@link CaseResults} read their inputs and write their results.
 */
final class RunVerdict {
    private RunVerdict() {}

    /** Latency percentiles in milliseconds; each null when no step was measured. */
    record Latencies(Double p50, Double p95, Double p99, Double max) {}

    /** One case's result across all partitions, at its position in the run's snapshot. */
    record CaseResult(UUID caseId, String name, int position, RunTotals totals, Latencies latencies) {}

    /** Every case's result in snapshot order, the run's totals and its latencies over all steps. */
    record Merged(List<CaseResult> cases, RunTotals totals, Latencies latencies) {
        Merged {
            cases = List.copyOf(cases);
        }

        /** Each case's totals by its id. */
        Map<UUID, RunTotals> byCase() {
            Map<UUID, RunTotals> byCase = new LinkedHashMap<>();
            cases.forEach(c -> byCase.put(c.caseId(), c.totals()));
            return byCase;
        }
    }

    /** How one step of the run's job (expand, setup, execute, teardown, or a partition) ended. */
    record StepEnd(String stepName, String exitCode, String exitDescription) {
        /** Whether a whole phase failed: a partition's step (named "worker:...") is not a phase. */
        boolean phaseFailed() {
            // a failed step the flow went on from is ABANDONED; its exit code still says FAILED
            return !stepName.contains(":") && exitCode.equals("FAILED");
        }
    }

    /** The run's end: its status, totals, and for ERROR the reason it gives (null otherwise). */
    record Verdict(RunStatus status, RunTotals totals, String reason) {}

    /**
     * Merges the partitions' per-case tallies (every phase's) into each case's result. When setup
     * did not pass, the main phase never ran: each of its steps counts as skipped, once per row
     * of its chain. Cases the snapshot does not hold are left out.
     */
    static Merged merge(RunSnapshot snapshot, List<PartitionTally> tallies, boolean setupPassed) {
        Map<UUID, Sum> sums = new HashMap<>();
        for (PartitionTally tally : tallies) {
            tally.cases().forEach((caseId, caseTally) -> sums.computeIfAbsent(caseId, id -> new Sum())
                    .add(caseTally));
        }
        if (!setupPassed) {
            for (int chain = 0; chain < snapshot.chains().size(); chain++) {
                long rows = snapshot.chainRows().get(chain).count();
                for (UUID caseId : snapshot.chains().get(chain)) {
                    sums.computeIfAbsent(caseId, id -> new Sum()).skipped += rows;
                }
            }
        }
        RunTotals totals = RunTotals.ZERO;
        List<CaseResult> cases = new ArrayList<>(snapshot.cases().size());
        Histogram all = new Histogram(3);
        for (int position = 0; position < snapshot.cases().size(); position++) {
            CaseDefinition definition = snapshot.cases().get(position);
            Sum sum = sums.getOrDefault(definition.id(), new Sum());
            totals = totals.plus(sum.totals());
            all.add(sum.durations);
            cases.add(new CaseResult(
                    definition.id(), definition.name(), position, sum.totals(), latencies(sum.durations)));
        }
        return new Merged(cases, totals, latencies(all));
    }

    /**
     * Why the run ends in ERROR, or empty when it reaches a verdict. A phase that failed as a whole
     * comes first (the partitions' first recorded error, else the step's exit description); then
     * every step must be accounted exactly once: anything else is a bug or lost work, never a verdict.
     *
     * @param partitionError the first error a partition recorded, if any
     */
    static Optional<Verdict> error(
            Merged merged, List<StepEnd> steps, Optional<String> partitionError, long stepCount) {
        for (StepEnd step : steps) {
            if (step.phaseFailed()) {
                String reason = partitionError
                        .map(error -> "a partition failed: " + error)
                        .orElseGet(
                                () -> step.exitDescription().lines().findFirst().orElse(step.exitCode()));
                return Optional.of(error(merged, "the " + step.stepName() + " phase failed: " + reason));
            }
        }
        long done = merged.totals().done();
        if (done != stepCount) {
            return Optional.of(error(merged, "executed " + done + " steps but the run has " + stepCount));
        }
        return Optional.empty();
    }

    /**
     * PASSED when no case failed or errored, FAILED otherwise; failures of quarantined cases are
     * counted and reported, but do not fail the run.
     */
    static Verdict judged(Merged merged, Set<UUID> quarantined) {
        long deciding = merged.cases().stream()
                .filter(c -> !quarantined.contains(c.caseId()))
                .mapToLong(c -> c.totals().failed() + c.totals().errored())
                .sum();
        return new Verdict(deciding == 0 ? RunStatus.PASSED : RunStatus.FAILED, merged.totals(), null);
    }

    /**
     * Whether a completed setup passed: it committed a tally in which no case failed, errored or
     * was skipped. Else the main phase does not run.
     */
    static boolean setupPassed(PartitionTally setupTally) {
        return setupTally != null
                && setupTally.cases().values().stream().allMatch(c -> c.failed() + c.errored() + c.skipped() == 0);
    }

    private static Verdict error(Merged merged, String reason) {
        return new Verdict(RunStatus.ERROR, merged.totals(), reason);
    }

    private static Latencies latencies(Histogram durations) {
        return new Latencies(
                percentileMs(durations, 50),
                percentileMs(durations, 95),
                percentileMs(durations, 99),
                percentileMs(durations, 100));
    }

    /** Microsecond histogram to milliseconds; null when nothing was measured. */
    private static Double percentileMs(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? null : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** One case's sums across partitions. */
    private static final class Sum {
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
