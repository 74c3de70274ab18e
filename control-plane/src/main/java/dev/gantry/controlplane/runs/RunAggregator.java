package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.quarantine.Quarantine;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
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
 * The aggregation step: the per-case results ({@link CaseResults}), and the run's final status and
 * totals.
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
    private final CaseResults caseResults;
    private final DetailLoss detailLoss;

    RunAggregator(
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            RunStore store,
            PlanService plans,
            Quarantine quarantine,
            CaseResults caseResults,
            DetailLoss detailLoss,
            Clock clock) {
        this.detailLoss = detailLoss;
        this.quarantine = quarantine;
        this.caseResults = caseResults;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.store = store;
        this.plans = plans;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID runId = RunJobConfiguration.runId(chunkContext);
        long jobExecutionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        RunSnapshot snapshot = RunSnapshotJson.load(jdbc, runId);

        boolean setupPassed =
                SetupOutcome.of(jobRepository, jdbc, runId, jobExecutionId).passed();
        CaseResults.Recorded recorded = caseResults.record(runId, snapshot, setupPassed);
        RunTotals totals = recorded.totals();
        detailLoss.record(runId, totals.done());
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
        long deciding = recorded.cases().entrySet().stream()
                .filter(e -> !quarantined.contains(e.getKey()))
                .mapToLong(e -> e.getValue().failed() + e.getValue().errored())
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
}
