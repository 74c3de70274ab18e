package dev.gantry.controlplane.runs;

import dev.gantry.model.PartitionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Carries on a run whose control plane stopped, from the JobRepository, with Spring Batch's
 * restart: steps and partitions that completed are not run again, the others are.
 *
 * <p>Spring Batch restarts a job only when nothing of its last execution still runs, and the
 * dead manager may have left partitions running on live workers (or waiting in the queue for
 * one). So, before the restart: a partition no worker has started yet is ended (a worker that
 * picks its request up later drops it: it ended), and the partitions a worker is running are
 * waited for, never sent twice; a worker that dies meanwhile has its request redelivered by
 * RabbitMQ as always. Then the dead execution is recovered (its manager steps marked FAILED) and
 * the job restarted; the restart sends the partitions that did not complete and resumes each
 * from what its last chunk committed.
 */
@Component
class RunTakeover {
    private static final Logger log = LoggerFactory.getLogger(RunTakeover.class);
    private static final String PARTITIONS_RUNNING =
            """
            select count(*) from batch_step_execution
            where job_execution_id = ? and step_name like ? and status in ('STARTING', 'STARTED', 'STOPPING')
            """;
    private static final int ATTEMPTS = 20;

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final RunLauncher launcher;
    private final RunStore store;
    private final CaseResults caseResults;
    private final JdbcTemplate jdbc;
    private final TaskExecutor executor;
    private final RunHandover handover;
    private final RunsProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunTakeover(
            JobRepository jobRepository,
            JobOperator jobOperator,
            RunLauncher launcher,
            RunStore store,
            CaseResults caseResults,
            JdbcTemplate jdbc,
            @BatchTaskExecutor TaskExecutor executor,
            RunHandover handover,
            RunsProperties properties,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.launcher = launcher;
        this.store = store;
        this.caseResults = caseResults;
        this.jdbc = jdbc;
        this.executor = executor;
        this.handover = handover;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /** Carries the run on, in the background: waiting for its partitions may take a while. */
    void takeOver(UUID runId) {
        executor.execute(() -> resume(runId));
    }

    private void resume(UUID runId) {
        for (int attempt = 1; ; attempt++) {
            try {
                resumeOnce(runId);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (handover.mustStop(runId)) {
                    return;
                }
                if (attempt == ATTEMPTS || !(e instanceof DataAccessException)) {
                    log.error("run {} could not be taken over", runId, e);
                    store.markError(
                            runId,
                            "the run could not be taken over from its stopped control plane: " + e.getMessage(),
                            caseResults.totalsSoFar(runId),
                            clock.instant());
                    events.publishEvent(new RunEnded(runId, false));
                    return;
                }
                // PostgreSQL away for a moment: the run is still ours (its lease is renewed), try again
                log.warn("taking run {} over failed ({}); trying again", runId, e.toString());
                sleep(properties.pollInterval().multipliedBy(4));
            }
        }
    }

    private void resumeOnce(UUID runId) throws Exception {
        JobExecution last =
                jobRepository.getLastJobExecution(RunJobConfiguration.JOB_NAME, RunLauncher.parameters(runId));
        if (last == null) {
            // admitted, but its job never started
            log.info("run {} taken over before its job started: starting it", runId);
            launcher.launch(runId);
            return;
        }
        log.info("run {} taken over from job execution {} ({})", runId, last.getId(), last.getStatus());
        endUnstartedPartitions(last);
        awaitRunningPartitions(runId, last);
        if (handover.mustStop(runId)) {
            return;
        }
        JobExecution dead = jobRepository.getJobExecution(last.getId());
        if (dead.getStatus().isRunning()) {
            jobOperator.recover(dead);
            dead = jobRepository.getJobExecution(last.getId());
        }
        JobExecution restarted = jobOperator.restart(dead);
        log.info("run {} restarted as job execution {}", runId, restarted.getId());
    }

    /** Partitions the dead manager made but no worker started: ended, so a late request is dropped. */
    private void endUnstartedPartitions(JobExecution jobExecution) {
        for (StepExecution step :
                jobRepository.getJobExecution(jobExecution.getId()).getStepExecutions()) {
            if (!isPartition(step) || step.getStatus() != BatchStatus.STARTING) {
                continue;
            }
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(ExitStatus.FAILED.addExitDescription("never started: its run was taken over"));
            step.setEndTime(LocalDateTime.now());
            try {
                jobRepository.update(step);
            } catch (OptimisticLockingFailureException startedMeanwhile) {
                // a worker started it an instant ago: it is waited for like the others
            }
        }
    }

    private void awaitRunningPartitions(UUID runId, JobExecution jobExecution)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + properties.partitionTimeout().toNanos();
        while (!handover.mustStop(runId)) {
            Integer running = jdbc.queryForObject(
                    PARTITIONS_RUNNING, Integer.class, jobExecution.getId(), PartitionContext.WORKER_STEP + ":%");
            if (running == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        running + " partitions still running after " + properties.partitionTimeout());
            }
            Thread.sleep(properties.pollInterval());
        }
    }

    private static boolean isPartition(StepExecution step) {
        return step.getStepName().startsWith(PartitionContext.WORKER_STEP + ":");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
