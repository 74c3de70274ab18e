package dev.gantry.controlplane.reports;

import dev.gantry.controlplane.common.GoneException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.RunStatus;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what reports are made of: the run's summary from PostgreSQL (one row, plus one per case)
 * and its step details from Redis, a page at a time, so that a report of 100,000 steps never
 * holds more than {@link #PAGE} details in memory.
 */
@Component
class ReportSource {
    static final int PAGE = 500;

    private final JdbcTemplate jdbc;
    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final Clock clock;

    ReportSource(JdbcTemplate jdbc, RedissonClient redisson, RedisProperties redis, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.redisson = redisson;
        this.keys = redis.keys();
        this.json = json;
        this.clock = clock;
    }

    /** The run as the caller's tenant sees it (another tenant's run is not found). */
    ReportRun run(UUID runId, UUID tenantId) {
        List<ReportRun> found = jdbc.query(
                """
                select r.id, r.suite_id, r.suite_name, r.environment_id, e.name, r.status, r.trigger_kind,
                       r.commit_sha, r.branch, r.created_at, r.started_at, r.finished_at, r.total_steps,
                       r.passed, r.flaky, r.failed, r.skipped, r.errored, r.error_message,
                       r.p50_ms, r.p95_ms, r.max_ms, r.results_expire_at
                from runs r left join environments e on e.id = r.environment_id
                where r.id = ? and r.tenant_id = ?
                """,
                (rs, i) -> row(rs),
                runId,
                tenantId);
        if (found.isEmpty()) {
            throw new NotFoundException("run", runId);
        }
        return found.getFirst();
    }

    /** Fails with 410 when the step details are gone (past the retention), as the steps endpoint does. */
    void requireDetails(ReportRun run) {
        boolean expired = clock.instant().isAfter(run.resultsExpireAt())
                || (run.status().terminal()
                        && run.done() > 0
                        && redisson.getKeys().countExists(keys.details(run.id())) == 0);
        if (expired) {
            throw new GoneException("step details of run " + run.id() + " expired at " + run.resultsExpireAt()
                    + "; the summary is still at " + run.statusUrl());
        }
    }

    /** Every detail of the run in execution order (work item, step, attempt), or only those of one status. */
    void forEachStep(UUID runId, StepStatus status, Consumer<StepDetail> consumer) {
        forEachStep(runId, status, Long.MAX_VALUE, consumer);
    }

    /** As above, stopping after {@code limit} details. */
    void forEachStep(UUID runId, StepStatus status, long limit, Consumer<StepDetail> consumer) {
        String index = status == null ? keys.order(runId) : keys.status(runId, status);
        RScoredSortedSet<String> order = redisson.getScoredSortedSet(index, StringCodec.INSTANCE);
        RMap<String, String> details = redisson.getMap(keys.details(runId), StringCodec.INSTANCE);
        long seen = 0;
        for (int from = 0; seen < limit; from += PAGE) {
            Collection<String> ids = order.valueRange(from, from + PAGE - 1);
            if (ids.isEmpty()) {
                return;
            }
            Map<String, String> found = details.getAll(new LinkedHashSet<>(ids));
            for (String id : ids) {
                String value = found.get(id);
                if (value != null && seen++ < limit) {
                    consumer.accept(json.readValue(value, StepDetail.class));
                }
            }
            if (ids.size() < PAGE) {
                return;
            }
        }
    }

    /** How many details one status index holds. */
    long count(UUID runId, StepStatus status) {
        return redisson.getScoredSortedSet(keys.status(runId, status), StringCodec.INSTANCE)
                .size();
    }

    private ReportRun row(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        RunStatus status = RunStatus.valueOf(rs.getString(6));
        long passed = rs.getLong(14);
        long flaky = rs.getLong(15);
        long failed = rs.getLong(16);
        long skipped = rs.getLong(17);
        long errored = rs.getLong(18);
        if (!status.terminal()) {
            // live totals: the partitions' counters, which workers add to once per chunk
            Map<String, Object> sums = jdbc.queryForMap(
                    """
                    select coalesce(sum(passed), 0) p, coalesce(sum(flaky), 0) fl, coalesce(sum(failed), 0) f,
                           coalesce(sum(skipped), 0) s, coalesce(sum(errored), 0) e
                    from run_partitions where run_id = ?
                    """,
                    id);
            passed = ((Number) sums.get("p")).longValue();
            flaky = ((Number) sums.get("fl")).longValue();
            failed = ((Number) sums.get("f")).longValue();
            skipped = ((Number) sums.get("s")).longValue();
            errored = ((Number) sums.get("e")).longValue();
        }
        UUID suiteId = rs.getObject(2, UUID.class);
        return new ReportRun(
                id,
                suiteId,
                rs.getString(3),
                rs.getObject(4, UUID.class),
                rs.getString(5),
                status,
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                instant(rs.getTimestamp(10)),
                instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)),
                rs.getLong(13),
                passed,
                flaky,
                failed,
                skipped,
                errored,
                rs.getString(19),
                (Double) rs.getObject(20),
                (Double) rs.getObject(21),
                (Double) rs.getObject(22),
                instant(rs.getTimestamp(23)),
                cases(id),
                quarantined(id),
                clock.instant());
    }

    private List<ReportRun.CaseLine> cases(UUID runId) {
        return jdbc.query(
                """
                select case_id, case_name, passed, failed, skipped, errored, flaky, p50_ms, p95_ms, max_ms
                from run_case_results where run_id = ? order by position
                """,
                (rs, i) -> new ReportRun.CaseLine(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        (Double) rs.getObject(8),
                        (Double) rs.getObject(9),
                        (Double) rs.getObject(10)),
                runId);
    }

    /** Names of the cases that were quarantined when the run was judged. */
    List<String> quarantined(UUID runId) {
        return jdbc.queryForList(
                """
                select c.case_name from run_quarantined_cases q
                join run_case_results c on c.run_id = q.run_id and c.case_id = q.case_id
                where q.run_id = ? order by c.position
                """,
                String.class,
                runId);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
