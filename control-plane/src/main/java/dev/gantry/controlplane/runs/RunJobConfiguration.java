package dev.gantry.controlplane.runs;

import dev.gantry.model.PartitionContext;
import java.util.UUID;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job every run executes: expand (work items) → setup → execute → teardown (each phase by
 * remote partitioning over RabbitMQ, polling the JobRepository for the workers' results) →
 * aggregate (final status and totals).
 */
@Configuration(proxyBeanMethods = false)
class RunJobConfiguration {
    static final String JOB_NAME = "gantryRun";

    static UUID runId(ChunkContext context) {
        return UUID.fromString(
                (String) context.getStepContext().getJobParameters().get(RunLauncher.RUN_ID));
    }

    /** Jobs run on virtual threads: a run's manager mostly waits on the JobRepository. */
    @Bean
    @BatchTaskExecutor
    TaskExecutor batchTaskExecutor() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("run-");
        executor.setVirtualThreads(true);
        return executor;
    }

    /**
     * Once expanded, every phase runs whatever happened in the one before, so that teardown cleans
     * up after a failed setup or a failed partition; the aggregation then says what went wrong.
     */
    @Bean
    Job runJob(
            JobRepository jobRepository,
            Step expandStep,
            Step setupStep,
            Step executeStep,
            Step teardownStep,
            Step aggregateStep,
            RunLifecycleListener lifecycle) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(lifecycle)
                .start(expandStep)
                .on(ExitStatus.FAILED.getExitCode())
                .fail()
                .from(expandStep)
                .on("*")
                .to(setupStep)
                .from(setupStep)
                .on("*")
                .to(executeStep)
                .from(executeStep)
                .on("*")
                .to(teardownStep)
                .from(teardownStep)
                .on("*")
                .to(aggregateStep)
                .end()
                .build();
    }

    @Bean
    Step expandStep(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, WorkItemExpander expander) {
        return new StepBuilder("expand", jobRepository)
                .tasklet(expander, transactionManager)
                .build();
    }

    /**
     * The partitioner of whichever phase step asks: setup, execute (the main phase) or teardown. Step
     * scoped: made for each phase step when it starts, from that step's execution (the one Spring
     * Batch registers for the thread that executes the step) and its job's {@code runId} parameter.
     */
    @Bean
    @StepScope
    WorkItemPartitioner workItemPartitioner(
            JobRepository jobRepository, JdbcTemplate jdbc, RunsProperties properties, PartitionStore partitions) {
        StepExecution stepExecution = StepSynchronizationManager.getContext().getStepExecution();
        String runId = stepExecution.getJobParameters().getString(RunLauncher.RUN_ID);
        String phase =
                switch (stepExecution.getStepName()) {
                    case "setup" -> PartitionContext.SETUP;
                    case "teardown" -> PartitionContext.TEARDOWN;
                    default -> PartitionContext.MAIN;
                };
        SetupOutcome setup = phase.equals(PartitionContext.SETUP)
                ? SetupOutcome.NONE
                : SetupOutcome.of(jobRepository, jdbc, UUID.fromString(runId), stepExecution.getJobExecutionId());
        return new WorkItemPartitioner(UUID.fromString(runId), phase, setup, jdbc, partitions, properties);
    }

    @Bean
    Step setupStep(
            JobRepository jobRepository,
            WorkItemPartitioner workItemPartitioner,
            DirectChannel partitionRequests,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            RunHandover handover,
            RunsProperties properties) {
        return phaseStep(
                "setup", jobRepository, workItemPartitioner, partitionRequests, jdbc, permits, handover, properties);
    }

    @Bean
    Step executeStep(
            JobRepository jobRepository,
            WorkItemPartitioner workItemPartitioner,
            DirectChannel partitionRequests,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            RunHandover handover,
            RunsProperties properties) {
        return phaseStep(
                "execute", jobRepository, workItemPartitioner, partitionRequests, jdbc, permits, handover, properties);
    }

    @Bean
    Step teardownStep(
            JobRepository jobRepository,
            WorkItemPartitioner workItemPartitioner,
            DirectChannel partitionRequests,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            RunHandover handover,
            RunsProperties properties) {
        return phaseStep(
                "teardown", jobRepository, workItemPartitioner, partitionRequests, jdbc, permits, handover, properties);
    }

    /** A manager step that hands its phase's partitions to the workers over RabbitMQ. */
    private static Step phaseStep(
            String name,
            JobRepository jobRepository,
            WorkItemPartitioner workItemPartitioner,
            DirectChannel partitionRequests,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            RunHandover handover,
            RunsProperties properties) {
        PartitionDispatcher dispatcher = new PartitionDispatcher(
                partitionRequests, PartitionContext.WORKER_STEP, jobRepository, jdbc, permits, handover, properties);
        dispatcher.setGridSize(properties.maxPartitions());
        return new StepBuilder(name, jobRepository)
                .partitioner(PartitionContext.WORKER_STEP, workItemPartitioner)
                .partitionHandler(dispatcher)
                .build();
    }

    @Bean
    Step aggregateStep(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, RunAggregator aggregator) {
        return new StepBuilder("aggregate", jobRepository)
                .tasklet(aggregator, transactionManager)
                .build();
    }
}
