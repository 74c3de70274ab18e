package dev.gantry.controlplane.specs;

import java.util.UUID;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The generation job: one tasklet step whose transaction is the generation's, so its cases and its
 * report commit together or not at all. It runs on the batch executor, as runs and coverage do, and
 * answers nobody: the generation's row says where it is ({@link GenerationStore}).
 */
@Configuration(proxyBeanMethods = false)
class GenerationJobConfiguration {
    static final String JOB_NAME = "gantryGeneration";
    static final String GENERATION_ID = "generationId";

    @Bean
    Job generationJob(JobRepository jobRepository, Step generationStep, @Lazy CaseGenerationService generations) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(generations)
                .start(generationStep)
                .build();
    }

    @Bean
    Step generationStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            @Lazy CaseGenerationService generations) {
        return new StepBuilder("generate", jobRepository)
                .tasklet(
                        (contribution, context) -> {
                            String id = (String)
                                    context.getStepContext().getJobParameters().get(GENERATION_ID);
                            generations.generate(UUID.fromString(id));
                            return RepeatStatus.FINISHED;
                        },
                        transactionManager)
                .build();
    }
}
