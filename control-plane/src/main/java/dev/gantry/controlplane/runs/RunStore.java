package dev.gantry.controlplane.runs;

import dev.gantry.model.RunStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Status and totals of runs, written with guarded SQL so that two control planes (or a late
 * listener) can never move a run backwards: the WHERE clause admits only states that
 * {@link RunStatus} allows to reach the target.
 */
@Component
class RunStore {
    private final JdbcTemplate jdbc;

    RunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static String[] sourcesOf(RunStatus target) {
        return Arrays.stream(RunStatus.values())
                .filter(s -> s.canMoveTo(target))
                .map(Enum::name)
                .toArray(String[]::new);
    }

    boolean markRunning(UUID runId, long jobExecutionId, Instant now) {
        return jdbc.update(
                        "update runs set status = 'RUNNING', started_at = ?, job_execution_id = ? where id = ? and status = any (?)",
                        Timestamp.from(now),
                        jobExecutionId,
                        runId,
                        sourcesOf(RunStatus.RUNNING))
                == 1;
    }

    /** A RUNNING run's job restarted (its run was taken over): the run follows the new execution. */
    boolean attachRestartedJob(UUID runId, long jobExecutionId) {
        return jdbc.update(
                        "update runs set job_execution_id = ? where id = ? and status = 'RUNNING'",
                        jobExecutionId,
                        runId)
                == 1;
    }

    boolean finish(UUID runId, RunStatus status, RunTotals totals, Instant now) {
        return finish(runId, status, totals, null, now);
    }

    boolean markError(UUID runId, String message, RunTotals totals, Instant now) {
        return finish(runId, RunStatus.ERROR, totals, message, now);
    }

    private boolean finish(UUID runId, RunStatus status, RunTotals totals, String errorMessage, Instant now) {
        boolean moved = jdbc.update(
                        """
                update runs set status = ?, error_message = ?, passed = ?, failed = ?, skipped = ?, errored = ?,
                    flaky = ?, finished_at = ?
                where id = ? and status = any (?)
                """,
                        status.name(),
                        errorMessage,
                        totals.passed(),
                        totals.failed(),
                        totals.skipped(),
                        totals.errored(),
                        totals.flaky(),
                        Timestamp.from(now),
                        runId,
                        sourcesOf(status))
                == 1;
        if (!moved) {
            keepCancelledTotals(runId, totals);
        }
        return moved;
    }

    /**
     * A cancelled run ended before its job did: the job's own end (aggregation, or its error) then
     * brings the totals of the chunks committed until the workers stopped, the run's partial
     * totals. The status stays CANCELLED.
     */
    private void keepCancelledTotals(UUID runId, RunTotals totals) {
        jdbc.update(
                """
                update runs set passed = ?, failed = ?, skipped = ?, errored = ?, flaky = ?
                where id = ? and status = 'CANCELLED'
                """,
                totals.passed(),
                totals.failed(),
                totals.skipped(),
                totals.errored(),
                totals.flaky(),
                runId);
    }

    /**
     * QUEUED or RUNNING to CANCELLED, with the totals counted so far; false when the run had
     * already ended (or another caller cancelled it first).
     */
    boolean cancel(UUID runId, String reason, Instant now) {
        return finish(runId, RunStatus.CANCELLED, partitionTotals(runId), reason, now);
    }

    /** Latency percentiles over all steps, and when the first step of any partition started. */
    void recordTimings(UUID runId, Double p50, Double p95, Double p99, Double max) {
        jdbc.update(
                """
                update runs set p50_ms = ?, p95_ms = ?, p99_ms = ?, max_ms = ?,
                    first_step_at = (select min(first_step_at) from run_partitions where run_id = ?)
                where id = ?
                """,
                p50,
                p95,
                p99,
                max,
                runId,
                runId);
    }

    /** Totals summed over the partitions' counters, which workers add to once per chunk. */
    /** The first error a partition recorded (setup's first), if any. */
    Optional<String> partitionError(UUID runId) {
        return jdbc
                .queryForList(
                        "select error from run_partitions where run_id = ? and error is not null"
                                + " order by partition_index limit 1",
                        String.class,
                        runId)
                .stream()
                .findFirst();
    }

    RunTotals partitionTotals(UUID runId) {
        List<RunTotals> rows = jdbc.query(
                """
                select coalesce(sum(passed), 0), coalesce(sum(failed), 0), coalesce(sum(skipped), 0),
                       coalesce(sum(errored), 0), coalesce(sum(flaky), 0)
                from run_partitions where run_id = ?
                """,
                (rs, i) -> new RunTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                runId);
        return rows.getFirst();
    }
}
