package dev.gantry.worker.coverage;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.CoverageContext;
import dev.gantry.model.CoverageSlice;
import dev.gantry.worker.intake.PartitionRequestGate;
import org.redisson.api.RedissonClient;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coverage job's worker step. It needs no request handler of its own: the run's worker step
 * handler, fed by the same RabbitMQ queue, locates the step to execute by the request's step name
 * in the bean factory, so a request for {@value CoverageContext#WORKER_STEP} runs this bean.
 */
@Configuration(proxyBeanMethods = false)
class CoverageStepConfiguration {

    @Bean(name = CoverageContext.WORKER_STEP)
    Step coveragePartition(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            CoverageTasklet coverageTasklet,
            CoverageFailureRecorder failureRecorder,
            PartitionRequestGate gate) {
        // the gate listens to every step it delivers: a slice that lost PostgreSQL is sent back to
        // the queue and runs again (its figures commit in the tasklet's one transaction); one that
        // failed otherwise has its reason recorded for the manager
        return new StepBuilder(CoverageContext.WORKER_STEP, jobRepository)
                .tasklet(coverageTasklet, transactionManager)
                .listener(failureRecorder)
                .listener(gate)
                .build();
    }

    @Bean
    @StepScope
    CoverageTasklet coverageTasklet(
            JdbcTemplate jdbc, RedissonClient redisson, RedisProperties redis, JsonMapper json) {
        // step scoped: made when the slice's step starts, from that step execution's context
        CoverageSlice slice = CoverageSlice.read(
                StepSynchronizationManager.getContext().getStepExecution().getExecutionContext()::get);
        return new CoverageTasklet(
                jdbc,
                redisson,
                redis.keys(),
                json,
                slice.coverageId(),
                slice.runId(),
                slice.specId(),
                slice.firstPosition(),
                slice.lastPosition());
    }
}
