package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.common.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The one writer of the releases' tables, and their reader. A run's outcome is written only if the
 * run ended after the case's status was last decided ({@link #applyRun}), in the same statement
 * that reads it, so two control planes applying two runs in either order leave the later run's.
 */
@Component
class ReleaseStore {
    record Release(
            UUID id,
            UUID tenantId,
            UUID projectId,
            String version,
            String name,
            UUID environmentId,
            LocalDate releaseDate,
            UUID qaLeadId,
            UUID ownerId,
            ReleaseStatus status,
            Gate gate,
            Instant createdAt,
            Instant updatedAt) {}

    /** A case of a release with what the release knows of it. */
    record Case(
            UUID caseId,
            String readableId,
            String name,
            UUID suiteId,
            UUID moduleId,
            String mode,
            ExecutionStatus status,
            String comment,
            List<String> defects,
            Long durationMs,
            UUID runId,
            UUID setBy,
            Instant statusAt,
            Instant addedAt) {}

    record Approval(ApprovalRole role, ApprovalStatus status, UUID approverId, String comment, Instant decidedAt) {}

    record HistoryEntry(
            long id,
            UUID actorId,
            UUID runId,
            String action,
            String subject,
            JsonNode before,
            JsonNode after,
            Instant at) {}

    /** A node of the project's module tree, to count a release's cases by top-level module. */
    record ModuleNode(UUID id, UUID parentId, String name) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String RELEASE_COLUMNS =
            "id, tenant_id, project_id, version, name, environment_id, release_date, qa_lead_id, owner_id, status,"
                    + " gate::text, created_at, updated_at";

    private final NamedParameterJdbcTemplate jdbc;

    ReleaseStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- releases

    void create(Release r) {
        jdbc.update(
                """
                insert into releases (id, tenant_id, project_id, version, name, environment_id, release_date, qa_lead_id,
                    owner_id, status, gate, created_at, updated_at)
                values (:id, :tenant, :project, :version, :name, :environment, :date, :qaLead, :owner, :status,
                    cast(:gate as jsonb), :created, :updated)""",
                new MapSqlParameterSource("id", r.id())
                        .addValue("tenant", r.tenantId())
                        .addValue("project", r.projectId())
                        .addValue("version", r.version())
                        .addValue("name", r.name())
                        .addValue("environment", r.environmentId())
                        .addValue("date", r.releaseDate())
                        .addValue("qaLead", r.qaLeadId())
                        .addValue("owner", r.ownerId())
                        .addValue("status", r.status().name())
                        .addValue("gate", JsonColumns.MAPPER.writeValueAsString(r.gate()))
                        .addValue("created", Timestamp.from(r.createdAt()))
                        .addValue("updated", Timestamp.from(r.updatedAt())));
    }

    /** Writes the release's own fields (not its gate, owner or creation) as {@code r} has them. */
    void update(Release r) {
        jdbc.update(
                """
                update releases set version = :version, name = :name, environment_id = :environment,
                    release_date = :date, qa_lead_id = :qaLead, status = :status, updated_at = :updated
                where id = :id""",
                new MapSqlParameterSource("id", r.id())
                        .addValue("version", r.version())
                        .addValue("name", r.name())
                        .addValue("environment", r.environmentId())
                        .addValue("date", r.releaseDate())
                        .addValue("qaLead", r.qaLeadId())
                        .addValue("status", r.status().name())
                        .addValue("updated", Timestamp.from(r.updatedAt())));
    }

    void setGate(UUID id, Gate gate, Instant now) {
        jdbc.update(
                "update releases set gate = cast(:gate as jsonb), updated_at = :now where id = :id",
                new MapSqlParameterSource("id", id)
                        .addValue("gate", JsonColumns.MAPPER.writeValueAsString(gate))
                        .addValue("now", Timestamp.from(now)));
    }

    void delete(UUID id) {
        jdbc.update("delete from releases where id = :id", new MapSqlParameterSource("id", id));
    }

    Optional<Release> find(UUID id, UUID tenantId) {
        return jdbc
                .query(
                        "select " + RELEASE_COLUMNS + " from releases where id = :id and tenant_id = :tenant",
                        new MapSqlParameterSource("id", id).addValue("tenant", tenantId),
                        (rs, i) -> release(rs))
                .stream()
                .findFirst();
    }

    /** The release, locked until the transaction ends: changes of one release are made one at a time. */
    Optional<Release> lock(UUID id, UUID tenantId) {
        return jdbc
                .query(
                        "select " + RELEASE_COLUMNS
                                + " from releases where id = :id and tenant_id = :tenant for update",
                        new MapSqlParameterSource("id", id).addValue("tenant", tenantId),
                        (rs, i) -> release(rs))
                .stream()
                .findFirst();
    }

    List<Release> ofProject(UUID projectId, UUID tenantId) {
        return jdbc.query(
                "select " + RELEASE_COLUMNS
                        + " from releases where project_id = :project and tenant_id = :tenant order by created_at desc, id",
                new MapSqlParameterSource("project", projectId).addValue("tenant", tenantId),
                (rs, i) -> release(rs));
    }

    /** Releases still open in the environment that existed when {@code endedAt} came. */
    List<Release> openIn(UUID environmentId, Instant endedAt) {
        return jdbc.query(
                "select " + RELEASE_COLUMNS + " from releases where environment_id = :environment"
                        + " and status not in ('SHIPPED', 'CANCELLED') and created_at <= :ended order by id",
                new MapSqlParameterSource("environment", environmentId).addValue("ended", Timestamp.from(endedAt)),
                (rs, i) -> release(rs));
    }

    /** The environments of every open release: where the catch-up looks for ended runs. */
    List<UUID> openEnvironments() {
        return jdbc.queryForList(
                "select distinct environment_id from releases where status not in ('SHIPPED', 'CANCELLED')",
                Map.of(),
                UUID.class);
    }

    boolean versionTaken(UUID projectId, String version, UUID except) {
        Integer n = jdbc.queryForObject(
                "select count(*) from releases where project_id = :project and version = :version and id <> :except",
                new MapSqlParameterSource("project", projectId)
                        .addValue("version", version)
                        .addValue("except", except),
                Integer.class);
        return n != null && n > 0;
    }

    private static Release release(ResultSet rs) throws SQLException {
        java.sql.Date date = rs.getDate(7);
        return new Release(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getObject(6, UUID.class),
                date == null ? null : date.toLocalDate(),
                rs.getObject(8, UUID.class),
                rs.getObject(9, UUID.class),
                ReleaseStatus.valueOf(rs.getString(10)),
                JsonColumns.MAPPER.readValue(rs.getString(11), Gate.class),
                rs.getTimestamp(12).toInstant(),
                rs.getTimestamp(13).toInstant());
    }

    // ---- cases

    /** Adds the cases not in the release yet, NOT_STARTED; answers those added. */
    List<UUID> addCases(UUID releaseId, Collection<UUID> caseIds, Instant now) {
        List<UUID> added = new ArrayList<>();
        for (UUID caseId : caseIds) {
            added.addAll(jdbc.queryForList(
                    """
                    insert into release_cases (release_id, case_id, added_at) values (:release, :case, :now)
                    on conflict do nothing returning case_id""",
                    new MapSqlParameterSource("release", releaseId)
                            .addValue("case", caseId)
                            .addValue("now", Timestamp.from(now)),
                    UUID.class));
        }
        return added;
    }

    /** Removes the cases; answers those that were in the release. */
    List<UUID> removeCases(UUID releaseId, Collection<UUID> caseIds) {
        if (caseIds.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList(
                "delete from release_cases where release_id = :release and case_id in (:cases) returning case_id",
                new MapSqlParameterSource("release", releaseId).addValue("cases", caseIds),
                UUID.class);
    }

    long caseCount(UUID releaseId) {
        Long n = jdbc.queryForObject(
                "select count(*) from release_cases where release_id = :release",
                new MapSqlParameterSource("release", releaseId),
                Long.class);
        return n == null ? 0 : n;
    }

    List<Case> cases(UUID releaseId) {
        return jdbc.query(
                """
                select rc.case_id, c.readable_id, c.name, c.suite_id, c.module_id, c.mode, rc.status, rc.comment,
                    rc.defects::text, rc.duration_ms, rc.run_id, rc.set_by, rc.status_at, rc.added_at
                from release_cases rc join test_cases c on c.id = rc.case_id
                where rc.release_id = :release order by c.readable_id, rc.case_id""",
                new MapSqlParameterSource("release", releaseId),
                (rs, i) -> aCase(rs));
    }

    Optional<Case> findCase(UUID releaseId, UUID caseId) {
        return cases(releaseId, caseId, false);
    }

    Optional<Case> lockCase(UUID releaseId, UUID caseId) {
        return cases(releaseId, caseId, true);
    }

    private Optional<Case> cases(UUID releaseId, UUID caseId, boolean lock) {
        return jdbc
                .query(
                        """
                        select rc.case_id, c.readable_id, c.name, c.suite_id, c.module_id, c.mode, rc.status, rc.comment,
                            rc.defects::text, rc.duration_ms, rc.run_id, rc.set_by, rc.status_at, rc.added_at
                        from release_cases rc join test_cases c on c.id = rc.case_id
                        where rc.release_id = :release and rc.case_id = :case"""
                                + (lock ? " for update of rc" : ""),
                        new MapSqlParameterSource("release", releaseId).addValue("case", caseId),
                        (rs, i) -> aCase(rs))
                .stream()
                .findFirst();
    }

    /** A change by hand: the status decided now, by this person, no run linked. */
    void setByHand(
            UUID releaseId,
            UUID caseId,
            ExecutionStatus status,
            String comment,
            List<String> defects,
            Long durationMs,
            UUID userId,
            Instant now) {
        jdbc.update(
                """
                update release_cases set status = :status, comment = :comment, defects = cast(:defects as jsonb),
                    duration_ms = :duration, run_id = case when status = :status then run_id end,
                    set_by = :user, status_at = case when status = :status then status_at else :now end
                where release_id = :release and case_id = :case""",
                new MapSqlParameterSource("release", releaseId)
                        .addValue("case", caseId)
                        .addValue("status", status.name())
                        .addValue("comment", comment)
                        .addValue("defects", JsonColumns.MAPPER.writeValueAsString(defects))
                        .addValue("duration", durationMs)
                        .addValue("user", userId)
                        .addValue("now", Timestamp.from(now)));
    }

    /** A case's status before a run's outcome was written, and the run that had set it. */
    record Applied(UUID caseId, ExecutionStatus before, UUID runBefore, ExecutionStatus after) {}

    /**
     * Writes a run's outcomes into the release's cases whose status was decided before the run
     * ended (or never); answers what changed. Cases decided later (by a newer run, or by hand) keep
     * theirs.
     */
    List<Applied> applyRun(UUID releaseId, UUID runId, Instant endedAt, Map<UUID, ExecutionStatus> outcomes) {
        List<Applied> applied = new ArrayList<>();
        for (Map.Entry<UUID, ExecutionStatus> outcome : outcomes.entrySet()) {
            applied.addAll(jdbc.query(
                    """
                    update release_cases rc set status = :status, run_id = :run, set_by = null, status_at = :ended
                    from (select case_id, status, run_id from release_cases
                          where release_id = :release and case_id = :case for update) old
                    where rc.release_id = :release and rc.case_id = :case
                      and (rc.status_at is null or rc.status_at < :ended)
                    returning rc.case_id, old.status, old.run_id""",
                    new MapSqlParameterSource("release", releaseId)
                            .addValue("case", outcome.getKey())
                            .addValue("status", outcome.getValue().name())
                            .addValue("run", runId)
                            .addValue("ended", Timestamp.from(endedAt)),
                    (rs, i) -> new Applied(
                            rs.getObject(1, UUID.class),
                            ExecutionStatus.valueOf(rs.getString(2)),
                            rs.getObject(3, UUID.class),
                            outcome.getValue())));
        }
        return applied;
    }

    private static Case aCase(ResultSet rs) throws SQLException {
        Timestamp statusAt = rs.getTimestamp(13);
        return new Case(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, UUID.class),
                rs.getObject(5, UUID.class),
                rs.getString(6),
                ExecutionStatus.valueOf(rs.getString(7)),
                rs.getString(8),
                JsonColumns.MAPPER.readValue(rs.getString(9), STRINGS),
                (Long) rs.getObject(10),
                rs.getObject(11, UUID.class),
                rs.getObject(12, UUID.class),
                statusAt == null ? null : statusAt.toInstant(),
                rs.getTimestamp(14).toInstant());
    }

    List<ModuleNode> modules(UUID projectId) {
        return jdbc.query(
                "select id, parent_id, name from case_modules where project_id = :project",
                new MapSqlParameterSource("project", projectId),
                (rs, i) -> new ModuleNode(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)));
    }

    // ---- approvals

    List<Approval> approvals(UUID releaseId) {
        return jdbc.query(
                "select role, status, approver_id, comment, decided_at from release_approvals where release_id = :release",
                new MapSqlParameterSource("release", releaseId),
                (rs, i) -> new Approval(
                        ApprovalRole.valueOf(rs.getString(1)),
                        ApprovalStatus.valueOf(rs.getString(2)),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()));
    }

    /** The people assigned to the release's approval roles (a role nobody was assigned is absent). */
    Map<ApprovalRole, UUID> approvers(UUID releaseId) {
        Map<ApprovalRole, UUID> byRole = new java.util.EnumMap<>(ApprovalRole.class);
        jdbc.query(
                "select role, user_id from release_approvers where release_id = :release",
                new MapSqlParameterSource("release", releaseId),
                rs -> {
                    byRole.put(ApprovalRole.valueOf(rs.getString(1)), rs.getObject(2, UUID.class));
                });
        return byRole;
    }

    /** Assigns the role to the user, or takes the assignment back when {@code userId} is null. */
    void assign(UUID releaseId, ApprovalRole role, UUID userId, UUID by, Instant now) {
        var parameters = new MapSqlParameterSource("release", releaseId)
                .addValue("role", role.name())
                .addValue("user", userId)
                .addValue("by", by)
                .addValue("now", Timestamp.from(now));
        if (userId == null) {
            jdbc.update("delete from release_approvers where release_id = :release and role = :role", parameters);
            return;
        }
        jdbc.update(
                """
                insert into release_approvers (release_id, role, user_id, assigned_by, assigned_at)
                values (:release, :role, :user, :by, :now)
                on conflict (release_id, role) do update set user_id = excluded.user_id,
                    assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at""",
                parameters);
    }

    void decide(
            UUID releaseId, ApprovalRole role, ApprovalStatus status, UUID approverId, String comment, Instant now) {
        jdbc.update(
                """
                insert into release_approvals (release_id, role, status, approver_id, comment, decided_at)
                values (:release, :role, :status, :approver, :comment, :now)
                on conflict (release_id, role) do update set status = excluded.status,
                    approver_id = excluded.approver_id, comment = excluded.comment, decided_at = excluded.decided_at""",
                new MapSqlParameterSource("release", releaseId)
                        .addValue("role", role.name())
                        .addValue("status", status.name())
                        .addValue("approver", approverId)
                        .addValue("comment", comment)
                        .addValue("now", Timestamp.from(now)));
    }

    // ---- history

    /** One entry; {@code actorId} a person, or null when {@code runId} (a run) made the change. */
    void record(
            UUID releaseId,
            UUID actorId,
            UUID runId,
            String action,
            String subject,
            Object before,
            Object after,
            Instant now) {
        jdbc.update(
                """
                insert into release_history (release_id, actor_id, run_id, action, subject, before, after, at)
                values (:release, :actor, :run, :action, :subject, cast(:before as jsonb), cast(:after as jsonb), :now)""",
                new MapSqlParameterSource("release", releaseId)
                        .addValue("actor", actorId)
                        .addValue("run", runId)
                        .addValue("action", action)
                        .addValue("subject", subject)
                        .addValue("before", before == null ? null : JsonColumns.MAPPER.writeValueAsString(before))
                        .addValue("after", after == null ? null : JsonColumns.MAPPER.writeValueAsString(after))
                        .addValue("now", Timestamp.from(now)));
    }

    List<HistoryEntry> history(UUID releaseId, long afterId, int limit) {
        return jdbc.query(
                """
                select id, actor_id, run_id, action, subject, before::text, after::text, at from release_history
                where release_id = :release and id > :after order by id limit :limit""",
                new MapSqlParameterSource("release", releaseId)
                        .addValue("after", afterId)
                        .addValue("limit", limit),
                (rs, i) -> new HistoryEntry(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6) == null ? null : JsonColumns.MAPPER.readTree(rs.getString(6)),
                        rs.getString(7) == null ? null : JsonColumns.MAPPER.readTree(rs.getString(7)),
                        rs.getTimestamp(8).toInstant()));
    }

    // ---- the catch-up's cursor

    Optional<Instant> feedCursor() {
        return jdbc
                .queryForList("select last_ended_at from release_run_feed where id = 1", Map.of(), Timestamp.class)
                .stream()
                .findFirst()
                .map(Timestamp::toInstant);
    }

    /** Moves the cursor forward only: two control planes catching up never move it back. */
    void advanceFeed(Instant endedAt) {
        jdbc.update(
                """
                insert into release_run_feed (id, last_ended_at) values (1, :at)
                on conflict (id) do update set last_ended_at = greatest(release_run_feed.last_ended_at, excluded.last_ended_at)""",
                new MapSqlParameterSource("at", Timestamp.from(endedAt)));
    }
}
