package dev.gantry.controlplane.runs;

import dev.gantry.model.RunStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What an ended run did, for the features that follow runs without reaching into this package's
 * tables (releases, processes): the run's suite, environment and end time, and each case's outcome as
 * {@link CaseResults} recorded it. Only runs with an end time are answered (but for the suite a
 * run is of): their case results are written before the run is finished.
 */
@Component
public class RunResults {
    /** A run that ended: where it ran and when it ended. */
    public record EndedRun(
            UUID runId, UUID tenantId, UUID suiteId, UUID environmentId, RunStatus status, Instant endedAt) {}

    /**
     * One case of an ended run, its steps counted over the data rows and attempts that decided them.
     * A case none of whose steps ran (skipped after a failed dependency or setup) was not executed.
     */
    public record CaseOutcome(
            UUID caseId, String caseName, long passed, long flaky, long failed, long skipped, long errored) {
        public boolean executed() {
            return passed + flaky + failed + errored > 0;
        }

        /** Every step that ran passed, at once or on a retry (flaky). */
        public boolean passedAll() {
            return executed() && failed == 0 && errored == 0;
        }
    }

    private static final String ENDED_RUN =
            "select id, tenant_id, suite_id, environment_id, status, finished_at from runs where finished_at is not null";

    private final NamedParameterJdbcTemplate jdbc;

    RunResults(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The run, if it has ended. */
    public Optional<EndedRun> ended(UUID runId) {
        return jdbc
                .query(ENDED_RUN + " and id = :id", new MapSqlParameterSource("id", runId), (rs, i) -> endedRun(rs))
                .stream()
                .findFirst();
    }

    /** The run's suite, when the run is the tenant's, ended or not. */
    public Optional<UUID> suiteOf(UUID tenantId, UUID runId) {
        return jdbc
                .queryForList(
                        "select suite_id from runs where id = :id and tenant_id = :tenant",
                        new MapSqlParameterSource("id", runId).addValue("tenant", tenantId),
                        UUID.class)
                .stream()
                .findFirst();
    }

    /**
     * Runs in these environments that ended after {@code since}, oldest end first, at most {@code limit}.
     */
    public List<EndedRun> endedSince(Instant since, Collection<UUID> environmentIds, int limit) {
        if (environmentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                ENDED_RUN + " and environment_id in (:environments) and finished_at > :since"
                        + " order by finished_at, id limit :limit",
                new MapSqlParameterSource("environments", environmentIds)
                        .addValue("since", Timestamp.from(since))
                        .addValue("limit", limit),
                (rs, i) -> endedRun(rs));
    }

    /** Each case's outcome in the run, in the suite's order. */
    public List<CaseOutcome> outcomes(UUID runId) {
        return jdbc.query(
                "select case_id, case_name, passed, flaky, failed, skipped, errored from run_case_results"
                        + " where run_id = :run order by position",
                new MapSqlParameterSource("run", runId),
                (rs, i) -> new CaseOutcome(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7)));
    }

    private static EndedRun endedRun(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EndedRun(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class),
                RunStatus.valueOf(rs.getString(5)),
                rs.getTimestamp(6).toInstant());
    }
}
