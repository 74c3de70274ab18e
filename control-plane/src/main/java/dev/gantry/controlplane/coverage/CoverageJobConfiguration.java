package dev.gantry.controlplane.coverage;

import dev.gantry.controlplane.runs.PartitionDispatcher;
import dev.gantry.controlplane.runs.PartitionPermits;
import dev.gantry.controlplane.runs.RunsProperties;
import dev.gantry.model.CoverageContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The coverage job: a manager step slices the specification's endpoints into contiguous position
 * ranges and hands each slice to a worker over RabbitMQ (the run job's dispatcher and queue, worker
 * step {@value CoverageContext#WORKER_STEP}, and the tenant's partition permits); an aggregation
 * step then sums the slices' rows.
 */
@Configuration(proxyBeanMethods = false)
class CoverageJobConfiguration {
    static final String JOB_NAME = "gantryCoverage";
    static final String COVERAGE_ID = "coverageId";

    @Bean
    Job coverageJob(
            JobRepository jobRepository,
            Step coverageStep,
            Step coverageAggregateStep,
            @org.springframework.context.annotation.Lazy CoverageService reports) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(reports)
                .start(coverageStep)
                .next(coverageAggregateStep)
                .build();
    }

    /**
     * Contiguous endpoint slices, as many as the report asked for (never more than endpoints). Step
     * scoped: made when the coverage step starts, for the report its job's {@code coverageId} names.
     */
    @Bean
    @StepScope
    Partitioner coveragePartitioner(JdbcTemplate jdbc) {
        String coverageId = StepSynchronizationManager.getContext()
                .getStepExecution()
                .getJobParameters()
                .getString(COVERAGE_ID);
        return gridSize -> {
            Map<String, Object> report = jdbc.queryForMap(
                    "select run_id, spec_id, partitions from coverage_reports where id = ?",
                    UUID.fromString(coverageId));
            UUID specId = (UUID) report.get("spec_id");
            List<Integer> positions = jdbc.queryForList(
                    "select position from spec_endpoints where spec_id = ? order by position", Integer.class, specId);
            int slices = Math.max(1, Math.min((Integer) report.get("partitions"), Math.max(1, positions.size())));
            Map<String, ExecutionContext> out = new HashMap<>();
            for (int i = 0; i < slices; i++) {
                int from = (int) ((long) positions.size() * i / slices);
                int to = (int) ((long) positions.size() * (i + 1) / slices) - 1;
                ExecutionContext context = new ExecutionContext();
                context.putString(CoverageContext.COVERAGE_ID, coverageId);
                context.putString(CoverageContext.RUN_ID, report.get("run_id").toString());
                context.putString(CoverageContext.SPEC_ID, specId.toString());
                context.putInt(CoverageContext.FIRST_POSITION, positions.isEmpty() ? 0 : positions.get(from));
                context.putInt(CoverageContext.LAST_POSITION, positions.isEmpty() ? -1 : positions.get(to));
                out.put(String.format("slice%03d", i), context);
            }
            return out;
        };
    }

    @Bean
    Step coverageStep(
            JobRepository jobRepository,
            Partitioner coveragePartitioner,
            DirectChannel partitionRequests,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            RunsProperties properties) {
        // the report's tenant's partitions: its plan's MaxParallelPartitions holds here as for its runs
        PartitionDispatcher dispatcher = new PartitionDispatcher(
                partitionRequests,
                CoverageContext.WORKER_STEP,
                jobRepository,
                jdbc,
                permits,
                manager -> jdbc.queryForObject(
                        "select tenant_id from coverage_reports where id = ?",
                        UUID.class,
                        UUID.fromString(
                                manager.getJobExecution().getJobParameters().getString(COVERAGE_ID))),
                properties);
        dispatcher.setGridSize(64);
        return new StepBuilder("coverage", jobRepository)
                .partitioner(CoverageContext.WORKER_STEP, coveragePartitioner)
                .partitionHandler(dispatcher)
                .build();
    }

    @Bean
    Step coverageAggregateStep(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, CoverageAggregator aggregator) {
        return new StepBuilder("coverageAggregate", jobRepository)
                .tasklet(aggregator, transactionManager)
                .build();
    }
}
