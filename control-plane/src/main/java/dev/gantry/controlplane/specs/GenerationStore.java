package dev.gantry.controlplane.specs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only writer of {@code case_generations}. Every change of state is guarded in SQL by the states
 * {@link GenerationState} lets move to it, so a late writer (a job finishing after its lease lapsed)
 * never moves a generation back. Progress is written in a transaction of its own, visible while the
 * generation's own transaction, which writes the cases, is still open.
 */
@Repository
class GenerationStore {
    /** A generation as stored; {@code report} and {@code problem} are JSON text. */
    record Row(
            UUID id,
            UUID tenantId,
            UUID suiteId,
            UUID specId,
            String kinds,
            GenerationState state,
            int done,
            Integer total,
            String report,
            String problem,
            Instant createdAt,
            Instant heartbeatAt,
            Instant finishedAt,
            UUID requestedBy) {}

    private static final String COLUMNS =
            "id, tenant_id, suite_id, spec_id, kinds::text, state, done, total, report::text, problem::text,"
                    + " created_at, heartbeat_at, finished_at, requested_by";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    GenerationStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    private static String guard(GenerationState to) {
        return to.from().stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "state in (", ")"));
    }

    /**
     * A new generation, QUEUED; the database refuses a second one under way for the same suite.
     * {@code requestedBy}: the person whose change the generated cases are.
     */
    void create(UUID id, UUID tenantId, UUID suiteId, UUID specId, String kindsJson, UUID requestedBy, Instant now) {
        jdbc.update(
                """
                insert into case_generations (id, tenant_id, suite_id, spec_id, kinds, state, created_at, heartbeat_at,
                  requested_by)
                values (?, ?, ?, ?, ?::jsonb, 'QUEUED', ?, ?, ?)""",
                id,
                tenantId,
                suiteId,
                specId,
                kindsJson,
                Timestamp.from(now),
                Timestamp.from(now),
                requestedBy);
    }

    /** QUEUED → RUNNING, in a transaction of its own; false when the generation is no longer queued. */
    boolean start(UUID id, Instant now) {
        Integer moved = ownTransaction.execute(status -> jdbc.update(
                "update case_generations set state = 'RUNNING', heartbeat_at = ? where id = ? and "
                        + guard(GenerationState.RUNNING),
                Timestamp.from(now),
                id));
        return moved != null && moved == 1;
    }

    /** Drafts handled so far (and how many there are, once known), committed at once for readers. */
    void progress(UUID id, int done, Integer total, Instant now) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "update case_generations set done = ?, total = ?, heartbeat_at = ? where id = ? and state = 'RUNNING'",
                done,
                total,
                Timestamp.from(now),
                id));
    }

    /**
     * RUNNING → COMPLETED with its report, in the caller's transaction (the one that wrote the cases),
     * so that a COMPLETED generation's cases are always there.
     *
     * @throws IllegalStateException when the generation is no longer RUNNING (its lease lapsed): the
     *     caller's transaction must then roll back
     */
    void complete(UUID id, int done, String reportJson, Instant now) {
        int moved = jdbc.update(
                "update case_generations set state = 'COMPLETED', done = ?, report = ?::jsonb, heartbeat_at = ?,"
                        + " finished_at = ? where id = ? and " + guard(GenerationState.COMPLETED),
                done,
                reportJson,
                Timestamp.from(now),
                Timestamp.from(now),
                id);
        if (moved != 1) {
            GenerationState state =
                    jdbc.queryForList("select state from case_generations where id = ?", String.class, id).stream()
                            .map(GenerationState::valueOf)
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("generation " + id + " is gone"));
            state.checkMove(GenerationState.COMPLETED);
        }
    }

    /** QUEUED or RUNNING → FAILED with its problem, in a transaction of its own; false when it had ended. */
    boolean fail(UUID id, String problemJson, Instant now) {
        Integer moved = ownTransaction.execute(status -> jdbc.update(
                "update case_generations set state = 'FAILED', problem = ?::jsonb, finished_at = ? where id = ? and "
                        + guard(GenerationState.FAILED),
                problemJson,
                Timestamp.from(now),
                id));
        return moved != null && moved == 1;
    }

    /**
     * Fails the generations (one, or those of a suite) not heard from since {@code staleBefore}: the
     * control plane running them stopped, and their transaction, cases and all, went with it.
     */
    int expire(UUID id, UUID suiteId, Instant staleBefore, String problemJson, Instant now) {
        return jdbc.update(
                "update case_generations set state = 'FAILED', problem = ?::jsonb, finished_at = ?"
                        + " where (id = ? or suite_id = ?) and heartbeat_at < ? and " + guard(GenerationState.FAILED),
                problemJson,
                Timestamp.from(now),
                id,
                suiteId,
                Timestamp.from(staleBefore));
    }

    /** Deletes the suite's finished generations but the newest {@code keep}. */
    void prune(UUID suiteId, int keep) {
        jdbc.update(
                """
                delete from case_generations where suite_id = ? and state in ('COMPLETED', 'FAILED') and id not in
                  (select id from case_generations where suite_id = ? and state in ('COMPLETED', 'FAILED')
                   order by created_at desc limit ?)""",
                suiteId,
                suiteId,
                keep);
    }

    Optional<Row> find(UUID id) {
        return jdbc
                .query("select " + COLUMNS + " from case_generations where id = ?", GenerationStore::row, id)
                .stream()
                .findFirst();
    }

    /** The tenant's generation, if it is the tenant's. */
    Optional<Row> find(UUID id, UUID tenantId) {
        return find(id).filter(row -> row.tenantId().equals(tenantId));
    }

    /** Of these generations, the ones that ended (or are gone). */
    List<UUID> ended(List<UUID> ids) {
        List<UUID> open = jdbc.queryForList(
                "select id from case_generations where id = any (?) and state in ('QUEUED', 'RUNNING')",
                UUID.class,
                (Object) ids.toArray(UUID[]::new));
        return ids.stream().filter(id -> !open.contains(id)).toList();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp finished = rs.getTimestamp(13);
        return new Row(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class),
                rs.getString(5),
                GenerationState.valueOf(rs.getString(6)),
                rs.getInt(7),
                (Integer) rs.getObject(8),
                rs.getString(9),
                rs.getString(10),
                rs.getTimestamp(11).toInstant(),
                rs.getTimestamp(12).toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getObject(14, UUID.class));
    }
}
