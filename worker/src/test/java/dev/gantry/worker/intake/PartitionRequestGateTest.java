package dev.gantry.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.worker.config.WorkerProperties;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.support.GenericMessage;

/**
 * The gate around Spring Batch's own request handler and a real step: whatever way a delivery
 * fails to end its partition in the JobRepository, the request goes back to the queue (uncounted
 * when PostgreSQL is behind it), never acknowledged with the partition left running for nobody.
 * The JobRepository is Spring Batch's in-memory one, with saves that fail on demand; the gate's
 * status query answers "running" (PostgreSQL's part is ServiceOutageIT's).
 */
class PartitionRequestGateTest {
    private final FailingSaves repository = new FailingSaves();
    private final AtomicInteger executed = new AtomicInteger();
    private final DirectChannel intake = new DirectChannel();
    private final DirectChannel outcomes = new DirectChannel();
    private final PartitionRequestGate gate = new PartitionRequestGate(intake, outcomes, stillRunning(), properties());
    private final Deque<RuntimeException> taskletFailures = new ArrayDeque<>();
    private final StepExecution partition;

    PartitionRequestGateTest() {
        Step step = new StepBuilder("executePartition", repository)
                .tasklet(
                        (contribution, context) -> {
                            executed.incrementAndGet();
                            if (!taskletFailures.isEmpty()) {
                                throw taskletFailures.pop();
                            }
                            return RepeatStatus.FINISHED;
                        },
                        new ResourcelessTransactionManager())
                .listener(gate)
                .build();
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(repository);
        handler.setStepLocator(name -> step);
        // what RemotePartitioningWorkerStepBuilder wires: the handler between the two channels
        intake.subscribe(message ->
                outcomes.send(new GenericMessage<>(handler.handle((StepExecutionRequest) message.getPayload()))));
        var instance = repository.createJobInstance("gantryRun", new JobParameters());
        JobExecution job = repository.createJobExecution(instance, new JobParameters(), new ExecutionContext());
        partition = repository.createStepExecution("executePartition", job);
    }

    @Test
    void aStepWhoseFirstSaveFailsGoesBackToTheQueueAndRunsOnItsNextDelivery() {
        repository.failNextSaves(new DataAccessResourceFailureException("connection refused"));

        assertThatThrownBy(this::deliver)
                .isInstanceOf(ImmediateRequeueAmqpException.class)
                .hasMessageContaining("as the step began");
        assertThat(executed).hasValue(0);

        deliver();
        assertThat(executed).hasValue(1);
        assertThat(repository.getStepExecution(partition.getId()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aStepThatCannotBeginForAnotherReasonIsCountedTowardsTheDeadLetters() {
        repository.failNextSaves(new IllegalStateException("no such step"));

        assertThatThrownBy(this::deliver)
                .isNotInstanceOf(ImmediateRequeueAmqpException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not begin")
                .hasMessageContaining("no such step");
        assertThat(executed).hasValue(0);
    }

    @Test
    void aStepThatLostPostgresWhileItRanGoesBackToTheQueue() {
        taskletFailures.push(new DataAccessResourceFailureException("connection reset"));

        assertThatThrownBy(this::deliver)
                .isInstanceOf(ImmediateRequeueAmqpException.class)
                .hasMessageContaining("went away while it ran");
        assertThat(repository.getStepExecution(partition.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);

        deliver();
        assertThat(executed).hasValue(2);
        assertThat(repository.getStepExecution(partition.getId()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aStepWhoseCompletionCouldNotBeSavedGoesBackToTheQueue() {
        repository.failSavesOfCompletion(new DataAccessResourceFailureException("connection reset"));

        assertThatThrownBy(this::deliver)
                .isInstanceOf(ImmediateRequeueAmqpException.class)
                .hasMessageContaining("went away while it ran");

        repository.failSavesOfCompletion(null);
        deliver();
        assertThat(repository.getStepExecution(partition.getId()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aStepThatEndsAndIsSavedIsAcknowledged() {
        taskletFailures.push(new IllegalArgumentException("a bug in a check"));

        deliver();
        assertThat(repository.getStepExecution(partition.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    private void deliver() {
        gate.deliver(new StepExecutionRequest("executePartition", partition.getId()));
    }

    private static JdbcTemplate stillRunning() {
        return new JdbcTemplate() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T queryForObject(String sql, Class<T> requiredType, Object... args) {
                return (T) "STARTED";
            }
        };
    }

    private static WorkerProperties properties() {
        return new Binder(new MapConfigurationPropertySource(Map.of("gantry.worker.requeue-pause", "0s")))
                .bindOrCreate("gantry.worker", WorkerProperties.class);
    }

    /** Spring Batch's in-memory JobRepository whose step execution saves fail when told to. */
    private static final class FailingSaves extends ResourcelessJobRepository {
        private final AtomicInteger saves = new AtomicInteger();
        private RuntimeException failure;
        private int failFrom;
        private int failTo;
        private RuntimeException completionFailure;

        void failNextSaves(RuntimeException failure) {
            this.failure = failure;
            failFrom = saves.get() + 1;
            failTo = saves.get() + 1;
        }

        /** The save of a step's completion fails (with {@code failure}; none when null). */
        void failSavesOfCompletion(RuntimeException failure) {
            this.completionFailure = failure;
        }

        @Override
        public void update(StepExecution stepExecution) {
            int n = saves.incrementAndGet();
            if (failure != null && n >= failFrom && n <= failTo) {
                throw failure;
            }
            if (completionFailure != null && stepExecution.getStatus() == BatchStatus.COMPLETED) {
                throw completionFailure;
            }
            super.update(stepExecution);
        }
    }
}
