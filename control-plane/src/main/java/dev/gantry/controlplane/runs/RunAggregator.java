package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.quarantine.Quarantine;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The aggregation step: reads what the run's partitions and phases left, has {@link RunVerdict}
 * merge it and decide, and writes the per-case results ({@link CaseResults}) and the run's final
 * status and totals.
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
        RunVerdict.Merged merged = caseResults.record(runId, snapshot, setupPassed);
        detailLoss.record(runId, merged.totals().done());
        countDetailBytes(runId);

        List<RunVerdict.StepEnd> steps = stepEnds(jobExecutionId);
        Optional<String> partitionError = steps.stream().anyMatch(RunVerdict.StepEnd::phaseFailed)
                ? store.partitionError(runId)
                : Optional.empty();
        // the quarantine is judged (and recorded on the run) only when the run reaches a verdict
        RunVerdict.Verdict verdict = RunVerdict.error(merged, steps, partitionError, snapshot.stepCount())
                .orElseGet(() -> RunVerdict.judged(merged, quarantine.judge(runId, snapshot.suiteId())));
        finish(runId, verdict);
        return RepeatStatus.FINISHED;
    }

    /** The run's step details count towards its tenant's monthly volume. */
    private void countDetailBytes(UUID runId) {
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
    }

    /** How each step of the run's job (phases and partitions) ended. */
    private List<RunVerdict.StepEnd> stepEnds(long jobExecutionId) {
        return jobRepository.getJobExecution(jobExecutionId).getStepExecutions().stream()
                .map(step -> new RunVerdict.StepEnd(
                        step.getStepName(),
                        step.getExitStatus().getExitCode(),
                        step.getExitStatus().getExitDescription()))
                .toList();
    }

    private void finish(UUID runId, RunVerdict.Verdict verdict) {
        RunTotals totals = verdict.totals();
        if (verdict.status() == RunStatus.ERROR) {
            log.error("run {}: {}", runId, verdict.reason());
            store.markError(runId, verdict.reason(), totals, clock.instant());
            return;
        }
        store.finish(runId, verdict.status(), totals, clock.instant());
        log.info(
                "run {} {}: {} passed, {} flaky, {} failed, {} skipped, {} errored",
                runId,
                verdict.status(),
                totals.passed(),
                totals.flaky(),
                totals.failed(),
                totals.skipped(),
                totals.errored());
    }
}
