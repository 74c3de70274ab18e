package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.PartitionContext;
import dev.gantry.model.PartitionTally;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a run's setup went, read from its setup partition: whether every setup step passed (else
 * the main phase is skipped), and the variables it extracted (sealed JSON, passed on as is).
 */
record SetupOutcome(boolean passed, String variables) {
    static final SetupOutcome NONE = new SetupOutcome(true, null);
    static final String STEP_EXECUTION = PartitionContext.WORKER_STEP + ":" + PartitionContext.SETUP;

    static SetupOutcome of(JobRepository jobRepository, JdbcTemplate jdbc, UUID runId, long jobExecutionId) {
        // a restarted job ran its setup in an earlier execution of the same instance
        JobExecution job = jobRepository.getJobExecution(jobExecutionId);
        StepExecution setup = jobRepository.getLastStepExecution(job.getJobInstance(), STEP_EXECUTION);
        if (setup == null) {
            return NONE;
        }
        String tally = jdbc
                .queryForList(
                        "select tally from run_partitions where run_id = ? and partition_index = ?",
                        String.class,
                        runId,
                        PartitionContext.SETUP_INDEX)
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        boolean passed = setup.getStatus() == BatchStatus.COMPLETED
                && RunVerdict.setupPassed(
                        tally == null ? null : JsonColumns.MAPPER.readValue(tally, PartitionTally.class));
        return new SetupOutcome(passed, setup.getExecutionContext().getString(PartitionContext.SETUP_VARIABLES, null));
    }
}
