package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.quarantine.Quarantine;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CaseTally;
import dev.gantry.model.PartitionTally;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The aggregation step: merges the partitions' tallies (committed by the workers with their chunks)
 * into per-case results and the run's final status and totals.
 */
@Component
class RunAggregator implements Tasklet {
    private static final Logger log = LoggerFactory.getLogger(RunAggregator.class);

    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final RunStore store;
    private final PlanService plans;
    private final Clock clock;

    private final Quarantine quarantine;

    RunAggregator(
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            RunStore store,
            PlanService plans,
            Quarantine quarantine,
            Clock clock) {
        this.quarantine = quarantine;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.store = store;
        this.plans = plans;
        this.clock = clock;
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

        Double percentileMs(double percentile) {
            return RunAggregator.percentileMs(durations, percentile);
        }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID runId = RunJobConfiguration.runId(chunkContext);
        long jobExecutionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        RunSnapshot snapshot = RunSnapshotJson.load(jdbc, runId);

        Map<UUID, CaseResult> results = new HashMap<>();
        // every phase's partitions; a tally is committed with its partition's counters, chunk by chunk
        for (String json : jdbc.queryForList(
                "select tally from run_partitions where run_id = ? and tally is not null", String.class, runId)) {
            PartitionTally tally = JsonColumns.MAPPER.readValue(json, PartitionTally.class);
            tally.cases().forEach((caseId, caseTally) -> results.computeIfAbsent(caseId, id -> new CaseResult())
                    .add(caseTally));
        }
        if (!SetupOutcome.of(jobRepository, jdbc, runId, jobExecutionId).passed()) {
            // the main phase never ran: each of its steps is skipped, once per row of its chain
            for (int chain = 0; chain < snapshot.chains().size(); chain++) {
                long rows = snapshot.chainRows().get(chain).count();
                for (UUID caseId : snapshot.chains().get(chain)) {
                    results.computeIfAbsent(caseId, id -> new CaseResult()).skipped += rows;
                }
            }
        }

        RunTotals totals = RunTotals.ZERO;
        Histogram all = new Histogram(3);
        List<Object[]> rows = new ArrayList<>();
        for (int position = 0; position < snapshot.cases().size(); position++) {
            CaseDefinition definition = snapshot.cases().get(position);
            CaseResult r = results.getOrDefault(definition.id(), new CaseResult());
            totals = totals.plus(new RunTotals(r.passed, r.failed, r.skipped, r.errored, r.flaky));
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
        jdbc.query(
                """
                select r.tenant_id, r.created_at, coalesce(sum(p.detail_bytes), 0) from runs r
                left join run_partitions p on p.run_id = r.id where r.id = ? group by r.tenant_id, r.created_at
                """,
                rs -> {
                    plans.countDetailBytes(
                            rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getLong(3));
                },
                runId);

        String failedPhase = failedPhase(jobRepository.getJobExecution(jobExecutionId));
        if (failedPhase != null) {
            store.markError(runId, failedPhase, totals, clock.instant());
            return RepeatStatus.FINISHED;
        }
        if (totals.done() != snapshot.stepCount()) {
            // every step is accounted exactly once; anything else is a bug or lost work, never a verdict
            String message = "executed " + totals.done() + " steps but the run has " + snapshot.stepCount();
            log.error("run {}: {}", runId, message);
            store.markError(runId, message, totals, clock.instant());
            return RepeatStatus.FINISHED;
        }
        // failures of quarantined cases are counted and reported, but do not fail the run
        Set<UUID> quarantined = quarantine.judge(runId, snapshot.suiteId());
        long deciding = results.entrySet().stream()
                .filter(e -> !quarantined.contains(e.getKey()))
                .mapToLong(e -> e.getValue().failed + e.getValue().errored)
                .sum();
        RunStatus status = deciding == 0 ? RunStatus.PASSED : RunStatus.FAILED;
        store.finish(runId, status, totals, clock.instant());
        log.info(
                "run {} {}: {} passed, {} flaky, {} failed, {} skipped, {} errored",
                runId,
                status,
                totals.passed(),
                totals.flaky(),
                totals.failed(),
                totals.skipped(),
                totals.errored());
        return RepeatStatus.FINISHED;
    }

    /** Why a phase (setup, execute, teardown) failed as a whole, or null when none did. */
    private String failedPhase(JobExecution jobExecution) {
        UUID runId = UUID.fromString(jobExecution.getJobParameters().getString(RunLauncher.RUN_ID));
        for (StepExecution step : jobExecution.getStepExecutions()) {
            // a failed step the flow went on from is ABANDONED; its exit code still says FAILED
            if (!step.getStepName().contains(":")
                    && step.getExitStatus().getExitCode().equals(ExitStatus.FAILED.getExitCode())) {
                String reason = store.partitionError(runId)
                        .map(error -> "a partition failed: " + error)
                        .orElseGet(() -> step.getExitStatus()
                                .getExitDescription()
                                .lines()
                                .findFirst()
                                .orElse(step.getExitStatus().getExitCode()));
                log.error("run {}: the {} phase failed: {}", runId, step.getStepName(), reason);
                return "the " + step.getStepName() + " phase failed: " + reason;
            }
        }
        return null;
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
