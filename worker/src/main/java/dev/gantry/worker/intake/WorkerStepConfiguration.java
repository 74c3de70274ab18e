package dev.gantry.worker.intake;

import dev.gantry.model.PartitionContext;
import dev.gantry.model.WorkItem;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.execution.ChainExecutor;
import dev.gantry.worker.execution.ChainProcessor;
import dev.gantry.worker.execution.ChainResult;
import dev.gantry.worker.execution.CompiledRun;
import dev.gantry.worker.execution.PartitionRows;
import dev.gantry.worker.execution.RunCancellation;
import dev.gantry.worker.execution.RunCatalog;
import dev.gantry.worker.operations.EnvironmentTags;
import dev.gantry.worker.stepdetails.StepDetailStore;
import dev.gantry.worker.summary.PartitionFailureRecorder;
import dev.gantry.worker.summary.PartitionTallyWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker step of remote partitioning: read the partition's work items page by page, execute a
 * chunk of them at once on virtual threads, write the chunk's results in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class WorkerStepConfiguration {

    @Bean
    Step executePartition(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            BeanFactory beanFactory,
            DirectChannel partitionIntake,
            WorkerProperties properties,
            CancellableWorkItemReader workItemReader,
            ChainProcessor chainProcessor,
            PartitionTallyWriter partitionTallyWriter,
            PartitionFailureRecorder failureRecorder,
            dev.gantry.worker.operations.WorkerActivity activity,
            PartitionRequestGate gate) {
        SimpleAsyncTaskExecutor virtualThreads = new SimpleAsyncTaskExecutor("chain-");
        virtualThreads.setVirtualThreads(true);
        return new RemotePartitioningWorkerStepBuilder(PartitionContext.WORKER_STEP, jobRepository)
                .inputChannel(partitionIntake)
                .beanFactory(beanFactory)
                .<WorkItem, ChainResult>chunk(properties.concurrency())
                .reader(workItemReader)
                .processor(chainProcessor)
                .writer(partitionTallyWriter)
                .transactionManager(transactionManager)
                .taskExecutor(virtualThreads)
                .listener(failureRecorder)
                .listener(activity)
                .listener(gate)
                .build();
    }

    /**
     * The work items, until the run is cancelled: then the partition ends after its current chunk.
     * Teardown is the exception: it cleans up after a cancelled run too, so it reads all its items.
     */
    @Bean
    @StepScope
    CancellableWorkItemReader cancellableWorkItemReader(
            PartitionWorkItems workItemReader,
            RunCancellation cancellation,
            @Value("#{stepExecutionContext['" + PartitionContext.RUN_ID + "']}") String runId,
            @Value("#{stepExecutionContext['" + PartitionContext.PHASE + "']}") String phase) {
        return new CancellableWorkItemReader(
                workItemReader, teardown(phase) ? RunCancellation.NEVER : cancellation, UUID.fromString(runId));
    }

    private static boolean teardown(String phase) {
        return PartitionContext.TEARDOWN.equals(phase);
    }

    @Bean
    @StepScope
    PartitionWorkItems workItemReader(
            JdbcTemplate jdbc,
            WorkerProperties properties,
            @Value("#{stepExecutionContext['" + PartitionContext.RUN_ID + "']}") String runId,
            @Value("#{stepExecutionContext['" + PartitionContext.PARTITION_INDEX + "']}") Integer partitionIndex,
            @Value("#{stepExecutionContext['" + PartitionContext.FIRST_SEQ + "']}") Long firstSeq,
            @Value("#{stepExecutionContext['" + PartitionContext.LAST_SEQ + "']}") Long lastSeq) {
        return new PartitionWorkItems(
                jdbc,
                UUID.fromString(runId),
                partitionIndex,
                firstSeq,
                lastSeq,
                Math.max(properties.concurrency(), 100));
    }

    @Bean
    @StepScope
    ChainProcessor chainProcessor(
            RunCatalog catalog,
            ChainExecutor executor,
            RunCancellation cancellation,
            @Value("#{stepExecutionContext['" + PartitionContext.RUN_ID + "']}") String runId,
            @Value("#{stepExecutionContext['" + PartitionContext.FIRST_ROW + "']}") Integer firstRow,
            @Value("#{stepExecutionContext['" + PartitionContext.LAST_ROW + "']}") Integer lastRow,
            @Value("#{stepExecutionContext['" + PartitionContext.SETUP_VARIABLES + "']}") String setupVariables,
            @Value("#{stepExecutionContext['" + PartitionContext.PHASE + "']}") String phase) {
        UUID id = UUID.fromString(runId);
        CompiledRun run = catalog.get(id);
        // setup and teardown slices carry no row range: they run without data
        PartitionRows rows = firstRow == null ? PartitionRows.NONE : catalog.rows(id, firstRow, lastRow);
        Map<String, String> variables = catalog.openVariables(setupVariables);
        if (teardown(phase)) {
            // neither filtered nor aborted when the run is cancelled: teardown cleans up after it
            return new ChainProcessor(run, rows, variables, executor);
        }
        return new ChainProcessor(run, rows, variables, executor, id, cancellation);
    }

    @Bean
    @StepScope
    PartitionTallyWriter partitionTallyWriter(
            RunCatalog catalog,
            StepDetailStore store,
            JdbcTemplate jdbc,
            JsonMapper json,
            MeterRegistry meters,
            EnvironmentTags environmentTags,
            PartitionWorkItems workItems,
            @Value("#{stepExecutionContext['" + PartitionContext.RUN_ID + "']}") String runId) {
        return new PartitionTallyWriter(
                catalog, UUID.fromString(runId), store, jdbc, json, meters, environmentTags, workItems::lastRead);
    }
}
