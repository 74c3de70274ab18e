package dev.gantry.controlplane.runs;

import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Starts a run's batch job; the job itself runs on the batch task executor, not the caller's thread. */
@Component
class RunLauncher {
    static final String RUN_ID = "runId";
    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

    private final JobOperator jobOperator;
    private final Job runJob;
    private final RunStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunLauncher(JobOperator jobOperator, Job runJob, RunStore store, ApplicationEventPublisher events, Clock clock) {
        this.jobOperator = jobOperator;
        this.runJob = runJob;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** What identifies a run's job instance: its id. */
    static JobParameters parameters(UUID runId) {
        return new JobParametersBuilder().addString(RUN_ID, runId.toString()).toJobParameters();
    }

    void launch(UUID runId) {
        try {
            jobOperator.start(runJob, parameters(runId));
        } catch (Exception e) {
            log.error("run {} could not be started", runId, e);
            store.markError(
                    runId, "the run's job could not be started: " + e.getMessage(), RunTotals.ZERO, clock.instant());
            events.publishEvent(new RunEnded(runId, false));
        }
    }
}
