package dev.gantry.controlplane.runs;

import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves the run to RUNNING when its job starts, and to ERROR when the job ends without finishing
 * it; a job that ends because its run was handed over (or taken from this control plane) leaves
 * the run to its new owner.
 */
@Component
class RunLifecycleListener implements JobExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(RunLifecycleListener.class);

    private final RunStore store;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final RunHandover handover;
    private final CaseResults caseResults;
    private final Clock clock;

    RunLifecycleListener(
            RunStore store,
            JdbcTemplate jdbc,
            MeterRegistry meters,
            ApplicationEventPublisher events,
            RunHandover handover,
            CaseResults caseResults,
            Clock clock) {
        this.caseResults = caseResults;
        this.handover = handover;
        this.store = store;
        this.jdbc = jdbc;
        this.meters = meters;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        UUID runId = runId(jobExecution);
        handover.jobStarted(runId);
        if (store.markRunning(runId, jobExecution.getId(), clock.instant())) {
            RunQueueWait.record(meters, jdbc, runId);
        } else if (store.attachRestartedJob(runId, jobExecution.getId())) {
            log.info("run {} goes on in job execution {}", runId, jobExecution.getId());
        } else {
            log.warn("run {} was neither QUEUED nor RUNNING when its job started", runId);
        }
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        UUID runId = runId(jobExecution);
        try {
            if (handover.mustStop(runId)) {
                log.info(
                        "run {}: its job stopped here ({}); another control plane carries it on",
                        runId,
                        jobExecution.getStatus());
                return;
            }
            ended(runId, jobExecution);
        } finally {
            handover.jobEnded(runId);
        }
    }

    private void ended(UUID runId, JobExecution jobExecution) {
        if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
            String reason = store.partitionError(runId)
                    .map(error -> "a partition failed: " + error)
                    .orElseGet(() -> jobExecution.getAllFailureExceptions().stream()
                            .map(e -> e.getClass().getSimpleName() + ": " + e.getMessage())
                            .findFirst()
                            .orElse(jobExecution.getExitStatus().getExitDescription()));
            log.error("run {} ended with job status {}: {}", runId, jobExecution.getStatus(), reason);
            store.markError(
                    runId,
                    "the run's job ended " + jobExecution.getStatus() + ": " + reason,
                    caseResults.totalsSoFar(runId),
                    clock.instant());
        }
        String status = jdbc.queryForObject("select status from runs where id = ?", String.class, runId);
        meters.counter(MetricNames.RUNS_FINISHED, "status", status).increment();
        events.publishEvent(new RunEnded(runId, true));
    }

    private static UUID runId(JobExecution jobExecution) {
        return UUID.fromString(jobExecution.getJobParameters().getString(RunLauncher.RUN_ID));
    }
}
