package dev.gantry.worker.intake;

import dev.gantry.model.PartitionContext;
import dev.gantry.model.PartitionSlice;
import dev.gantry.model.WorkItem;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.execution.ChainExecutor;
import dev.gantry.worker.execution.ChainResult;
import dev.gantry.worker.execution.RunCancellation;
import dev.gantry.worker.execution.RunCatalog;
import dev.gantry.worker.operations.EnvironmentTags;
import dev.gantry.worker.stepdetails.StepDetailStore;
import dev.gantry.worker.summary.PartitionFailureRecorder;
import dev.gantry.worker.summary.PartitionTallyWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
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
            DirectChannel partitionOutcomes,
            WorkerProperties properties,
            CancellableWorkItemReader workItemReader,
            PartitionChainProcessor chainProcessor,
            PartitionTallyWriter partitionTallyWriter,
            PartitionFailureRecorder failureRecorder,
            dev.gantry.worker.operations.WorkerActivity activity,
            PartitionRequestGate gate) {
        SimpleAsyncTaskExecutor virtualThreads = new SimpleAsyncTaskExecutor("chain-");
        virtualThreads.setVirtualThreads(true);
        return new RemotePartitioningWorkerStepBuilder(PartitionContext.WORKER_STEP, jobRepository)
                .inputChannel(partitionIntake)
                .outputChannel(partitionOutcomes)
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
     * The slice of the partition a step execution executes, read from that execution's context (the
     * one Spring Batch registers for the thread executing the step). Step scoped without a proxy (a
     * record cannot have one): only the step-scoped beans below take it, each made within the step.
     */
    @Bean
    @Scope(value = "step", proxyMode = ScopedProxyMode.NO)
    PartitionSlice partitionSlice() {
        return PartitionSlice.read(
                StepSynchronizationManager.getContext().getStepExecution().getExecutionContext()::get);
    }

    /**
     * The work items, until the run is cancelled: then the partition ends after its current chunk.
     * Teardown is the exception: it cleans up after a cancelled run too, so it reads all its items.
     */
    @Bean
    @StepScope
    CancellableWorkItemReader cancellableWorkItemReader(
            PartitionWorkItems workItemReader, RunCancellation cancellation, PartitionSlice slice) {
        return new CancellableWorkItemReader(
                workItemReader, slice.teardown() ? RunCancellation.NEVER : cancellation, slice.runId());
    }

    @Bean
    @StepScope
    PartitionWorkItems workItemReader(JdbcTemplate jdbc, RunCatalog catalog, PartitionSlice slice) {
        return new PartitionWorkItems(
                jdbc, catalog, slice.runId(), slice.partitionIndex(), slice.firstSeq(), slice.lastSeq());
    }

    /** A singleton, not step scoped: see {@link PartitionChainProcessor}. */
    @Bean
    PartitionChainProcessor chainProcessor(RunCatalog catalog, ChainExecutor executor, RunCancellation cancellation) {
        return new PartitionChainProcessor(catalog, executor, cancellation);
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
            PartitionSlice slice) {
        return new PartitionTallyWriter(
                catalog, slice.runId(), store, jdbc, json, meters, environmentTags, workItems::lastRead);
    }
}
