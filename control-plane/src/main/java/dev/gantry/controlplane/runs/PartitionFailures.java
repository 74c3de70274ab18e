package dev.gantry.controlplane.runs;

import dev.gantry.model.PartitionContext;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Fails a partition no worker will ever run (its request was given up as a poison message), so
 * that its manager stops waiting and the run ends in ERROR saying which partition and why.
 */
@Component
public class PartitionFailures {
    /** The run and partition a step execution was, when it was one of a run's partitions. */
    public record Partition(UUID runId, int partitionIndex) {}

    private static final int MAX_ERROR = 1000;

    private final JobRepository jobRepository;
    private final PartitionStore store;

    PartitionFailures(JobRepository jobRepository, PartitionStore store) {
        this.jobRepository = jobRepository;
        this.store = store;
    }

    /**
     * Fails the partition of the step execution if no worker started it; one a worker runs (a
     * duplicate request was given up) goes on.
     */
    public Optional<Partition> failUnstarted(long stepExecutionId, String reason) {
        for (int attempt = 0; attempt < 3; attempt++) {
            StepExecution step;
            try {
                step = jobRepository.getStepExecution(stepExecutionId);
            } catch (EmptyResultDataAccessException noSuchStepExecution) {
                return Optional.empty();
            }
            if (step == null || !step.getExecutionContext().containsKey(PartitionContext.RUN_ID)) {
                return Optional.empty();
            }
            Partition partition = new Partition(
                    UUID.fromString(step.getExecutionContext().getString(PartitionContext.RUN_ID)),
                    step.getExecutionContext().getInt(PartitionContext.PARTITION_INDEX));
            if (step.getStatus() != BatchStatus.STARTING) {
                return Optional.of(partition);
            }
            String error = ("partition " + partition.partitionIndex() + " was given up: " + reason);
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(ExitStatus.FAILED.addExitDescription(error));
            step.setEndTime(LocalDateTime.now());
            try {
                jobRepository.update(step);
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                continue; // a worker took it an instant ago: look again
            }
            store.fail(
                    partition.runId(),
                    partition.partitionIndex(),
                    stepExecutionId,
                    error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
            return Optional.of(partition);
        }
        return Optional.empty();
    }
}
