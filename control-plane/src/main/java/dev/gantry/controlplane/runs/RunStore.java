package dev.gantry.controlplane.runs;

import dev.gantry.model.RunSnapshot;
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
 * The only writer of the {@code runs} table and of the runs' snapshots ({@code run_snapshots}):
 * a run is created here with its origin, admitted and leased here, and changes status only here.
 * Status changes are guarded SQL so that two control planes (or a late listener) can never move a
 * run backwards: the WHERE clause admits only states that {@link RunStatus} allows to reach the
 * target. {@code TableOwnershipTest} holds the table to this class.
 */
@Component
class RunStore {
    /** A run's tenant and run permit, as an admission statement left them. */
    record Lease(UUID runId, UUID tenantId, String permitId) {}

    /** The statuses a run is still going in (leases are renewed and taken over only for these). */
    private static final String[] LIVE = Arrays.stream(RunStatus.values())
            .filter(s -> !s.terminal())
            .map(Enum::name)
            .toArray(String[]::new);

    private final JdbcTemplate jdbc;
    private final FrozenSnapshotRepository snapshots;

    RunStore(JdbcTemplate jdbc, FrozenSnapshotRepository snapshots) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
    }

    /**
     * Stores a triggered run as QUEUED, with its origin's columns in the same INSERT, and its
     * frozen snapshot; runs inside the trigger's transaction.
     */
    Run create(
            RunSnapshot snapshot,
            UUID environmentId,
            RunOrigin origin,
            String redisKey,
            Instant deadlineAt,
            Instant now) {
        Run run = new Run(snapshot, environmentId, origin.kind(), redisKey, deadlineAt, now);
        UUID scheduleId = null;
        Instant scheduledFor = null;
        String commit = null;
        String branch = null;
        switch (origin) {
            case RunOrigin.Manual manual -> {}
            case RunOrigin.Scheduled scheduled -> {
                scheduleId = scheduled.scheduleId();
                scheduledFor = scheduled.scheduledFor();
            }
            case RunOrigin.CiDelivery delivery -> {
                commit = delivery.commit();
                branch = delivery.branch();
            }
        }
        jdbc.update(
                """
                insert into runs (id, tenant_id, suite_id, environment_id, status, trigger_kind, suite_name,
                    total_work_items, total_steps, redis_key, results_expire_at, deadline_at, created_at,
                    schedule_id, scheduled_for, commit_sha, branch)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                run.getId(),
                run.getTenantId(),
                run.getSuiteId(),
                run.getEnvironmentId(),
                run.getStatus().name(),
                run.getTrigger(),
                run.getSuiteName(),
                run.getTotalWorkItems(),
                run.getTotalSteps(),
                run.getRedisKey(),
                Timestamp.from(run.getResultsExpireAt()),
                timestamp(run.getDeadlineAt()),
                Timestamp.from(run.getCreatedAt()),
                scheduleId,
                timestamp(scheduledFor),
                commit,
                branch);
        snapshots.save(new FrozenSnapshot(snapshot));
        return run;
    }

    /** Admits a waiting run under this control plane's lease; false when another one (or a cancel) came first. */
    boolean admit(UUID runId, String instance, String permitId, Instant now, Instant leaseUntil) {
        return jdbc.update(
                        """
                        update runs set admitted_at = ?, admitted_by = ?, permit_id = ?, lease_until = ?
                        where id = ? and status = 'QUEUED' and admitted_at is null
                        """,
                        Timestamp.from(now),
                        instance,
                        permitId,
                        Timestamp.from(leaseUntil),
                        runId)
                == 1;
    }

    /** An ended run holds no lease any more; answers its tenant and permit, to give back. */
    Optional<Lease> endLease(UUID runId) {
        return jdbc
                .query(
                        "update runs set lease_until = null where id = ? returning id, tenant_id, permit_id",
                        (rs, i) -> new Lease(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                        runId)
                .stream()
                .findFirst();
    }

    /** Renews the leases of the given runs that this control plane still holds and that still go on. */
    List<Lease> renewLeases(UUID[] runIds, String instance, Instant leaseUntil) {
        return jdbc.query(
                """
                update runs set lease_until = ?
                where id = any (?) and admitted_by = ? and status = any (?)
                returning id, tenant_id, permit_id
                """,
                (rs, i) -> new Lease(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                Timestamp.from(leaseUntil),
                runIds,
                instance,
                LIVE);
    }

    /**
     * Claims up to {@code limit} going runs whose lease lapsed before {@code lapsedBefore}: one
     * control plane claims each (the rows are locked, others skip them).
     */
    List<Lease> claimOrphans(String instance, Instant leaseUntil, Instant lapsedBefore, int limit) {
        return jdbc.query(
                """
                update runs set admitted_by = ?, lease_until = ?
                where id in (select id from runs where status = any (?) and admitted_at is not null
                    and lease_until < ? order by lease_until limit ? for update skip locked)
                returning id, tenant_id, permit_id
                """,
                (rs, i) -> new Lease(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                instance,
                Timestamp.from(leaseUntil),
                LIVE,
                Timestamp.from(lapsedBefore),
                limit);
    }

    /** A taken-over run carries another permit (null: none was free). */
    void replacePermit(UUID runId, String permitId) {
        jdbc.update("update runs set permit_id = ? where id = ?", permitId, runId);
    }

    /** Marks the leases of this control plane's going runs lapsed, for another one to take them over now. */
    List<UUID> handOver(UUID[] runIds, String instance) {
        return jdbc.queryForList(
                """
                update runs set lease_until = to_timestamp(0)
                where id = any (?) and admitted_by = ? and status = any (?) returning id
                """,
                UUID.class,
                runIds,
                instance,
                LIVE);
    }

    /** How many of the run's step details Redis lost, and which. */
    void recordDetailsLost(UUID runId, long lost, String note) {
        jdbc.update("update runs set details_lost = ?, details_lost_note = ? where id = ?", lost, note, runId);
    }

    /** Drops the snapshots of runs whose details expired (the run rows stay, for their summaries). */
    void deleteSnapshots(UUID[] runIds) {
        jdbc.update("delete from run_snapshots where run_id = any (?)", (Object) runIds);
    }

    /** Deletes the runs; their work items, partitions, snapshots and case results go with them (on delete cascade). */
    void delete(UUID[] runIds) {
        jdbc.update("delete from runs where id = any (?)", (Object) runIds);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
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

    /** Totals summed over the partitions' counters, which workers add to once per chunk. */
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
