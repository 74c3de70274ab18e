package dev.gantry.worker.summary;

import dev.gantry.model.PartitionContext;
import dev.gantry.worker.execution.RunCatalog;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes why a partition failed (the root cause, in a line) beside its counters, so the run can
 * say it instead of "a partition failed". A plain singleton: it must work even when the step's
 * own beans could not be built. The row is written by {@link PartitionTallyWriter}, the worker's
 * only writer of {@code run_partitions}.
 */
@Component
public class PartitionFailureRecorder implements StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionFailureRecorder.class);

    static final int MAX_LENGTH = 1000;

    private final JdbcTemplate jdbc;
    private final RunCatalog runs;

    PartitionFailureRecorder(JdbcTemplate jdbc, RunCatalog runs) {
        this.jdbc = jdbc;
        this.runs = runs;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus() != BatchStatus.FAILED
                || stepExecution.getFailureExceptions().isEmpty()) {
            return null;
        }
        var context = stepExecution.getExecutionContext();
        if (!context.containsKey(PartitionContext.RUN_ID)) {
            return null;
        }
        Throwable root = stepExecution.getFailureExceptions().getFirst();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        UUID runId = UUID.fromString(context.getString(PartitionContext.RUN_ID));
        // the run's error is read by its viewers: a message may quote a URL or a body with a secret
        String reason = runs.redact(runId, root.getClass().getSimpleName() + ": " + root.getMessage());
        try {
            PartitionTallyWriter.recordFailure(
                    jdbc,
                    runId,
                    context.getInt(PartitionContext.PARTITION_INDEX),
                    stepExecution.getId(),
                    reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) : reason);
        } catch (DataAccessException e) {
            // PostgreSQL is away (often why the partition failed); a listener that throws would keep
            // the step's other listeners from running
            log.warn(
                    "why partition {} failed could not be recorded ({}): {}",
                    context.getInt(PartitionContext.PARTITION_INDEX),
                    e.toString(),
                    reason);
        }
        return null;
    }
}
