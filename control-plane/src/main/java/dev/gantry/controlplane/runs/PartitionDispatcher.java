package dev.gantry.controlplane.runs;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Remote partitioning in polling mode: sends one {@link StepExecutionRequest} per partition to the
 * request channel (RabbitMQ), then polls the JobRepository until no partition is running.
 *
 * <p>It does what Spring Batch's {@code MessageChannelPartitionHandler} does in polling mode, with
 * a cheaper poll: that one reloads the job execution with every step execution and its execution
 * context at each poll (a query and a deserialization per partition, several times a second);
 * this one asks one count of the partitions still running, and loads the step executions once,
 * when they are done. Workers are the unchanged Spring Batch worker steps.
 */
public class PartitionDispatcher extends AbstractPartitionHandler {
    private static final String STILL_RUNNING =
            """
            select count(*) from batch_step_execution
            where step_execution_id = any (?) and status in ('STARTING', 'STARTED', 'STOPPING')
            """;

    private final MessagingTemplate requests;
    private final String workerStep;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final Duration pollInterval;
    private final Duration timeout;

    public PartitionDispatcher(
            MessageChannel requests,
            String workerStep,
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            Duration pollInterval,
            Duration timeout) {
        this.requests = new MessagingTemplate(requests);
        this.workerStep = workerStep;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return partitions;
        }
        Long[] ids = new Long[partitions.size()];
        int index = 0;
        for (StepExecution partition : partitions) {
            ids[index++] = partition.getId();
            // no reply headers: results are read from the JobRepository, never from replies
            requests.send(MessageBuilder.withPayload(new StepExecutionRequest(workerStep, partition.getId()))
                    .build());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jdbc.queryForObject(STILL_RUNNING, Integer.class, (Object) ids) > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions still running after " + timeout);
            }
            Thread.sleep(pollInterval);
        }
        Set<StepExecution> finished = new HashSet<>();
        for (Long id : ids) {
            finished.add(jobRepository.getStepExecution(id));
        }
        return finished;
    }
}
