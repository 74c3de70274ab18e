package dev.gantry.worker.coverage;

import dev.gantry.worker.intake.PartitionRequestGate;
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
 * Writes why a coverage slice failed for good (the root cause, in a line), so that its manager
 * ends the job at once with that reason instead of waiting out the outage tolerance: a slice that
 * failed because its worker lost PostgreSQL resumes, and the manager cannot tell the two apart from
 * Spring Batch's records alone. A plain singleton: it must work even when the slice's own beans
 * could not be built.
 */
@Component
class CoverageFailureRecorder implements StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(CoverageFailureRecorder.class);

    static final int MAX_LENGTH = 1000;

    private final JdbcTemplate jdbc;

    CoverageFailureRecorder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        // a slice that lost PostgreSQL is put back to running by the gate: it has not failed for good
        if (stepExecution.getStatus() != BatchStatus.FAILED
                || stepExecution.getFailureExceptions().isEmpty()
                || stepExecution.getFailureExceptions().stream()
                        .anyMatch(PartitionRequestGate::transientDatabaseTrouble)) {
            return null;
        }
        Throwable root = stepExecution.getFailureExceptions().getFirst();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getClass().getSimpleName() + ": " + root.getMessage();
        try {
            jdbc.update(
                    "insert into worker_step_failures (step_execution_id, reason) values (?, ?)"
                            + " on conflict (step_execution_id) do update set reason = excluded.reason",
                    stepExecution.getId(),
                    reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) : reason);
        } catch (DataAccessException e) {
            // the manager then waits out the outage tolerance, as for a slice whose worker lost PostgreSQL;
            // a listener that throws would keep the step's other listeners from running
            log.warn(
                    "why coverage slice {} failed could not be recorded ({}): {}",
                    stepExecution.getId(),
                    e.toString(),
                    reason);
        }
        return null;
    }
}
