package dev.gantry.controlplane.changelog;

import dev.gantry.controlplane.common.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The only writer of {@code suite_versions} and {@code case_changes}, and their reads, every one
 * scoped by tenant. {@code TableOwnershipTest} holds the tables to this class.
 */
@Component
class ChangeLogStore {
    record VersionRow(
            int version,
            String summary,
            UUID changedBy,
            Instant changedAt,
            int casesAdded,
            int casesChanged,
            int casesRemoved) {}

    record EntryRow(
            long id,
            int version,
            UUID caseId,
            String readableId,
            String caseName,
            CaseDiff.Change change,
            String field,
            JsonNode oldValue,
            JsonNode newValue,
            boolean truncated,
            UUID changedBy,
            Instant changedAt) {}

    private final JdbcTemplate jdbc;

    ChangeLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insertVersion(ChangeLog.Version v, String summary, int added, int changed, int removed) {
        jdbc.update(
                """
                insert into suite_versions (suite_id, version, tenant_id, summary, changed_by, changed_at,
                  cases_added, cases_changed, cases_removed) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                v.suiteId(),
                v.number(),
                v.tenantId(),
                summary,
                new SqlParameterValue(Types.OTHER, v.changedBy()),
                Timestamp.from(v.at()),
                added,
                changed,
                removed);
    }

    void insertEntries(ChangeLog.Version v, List<CaseDiff.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(v.at());
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (CaseDiff.Entry e : entries) {
            rows.add(new Object[] {
                v.tenantId(),
                v.suiteId(),
                v.number(),
                e.caseId(),
                text(e.readableId()),
                text(e.name()),
                e.change().name(),
                text(e.field()),
                text(e.oldValue() == null ? null : e.oldValue().toString()),
                text(e.newValue() == null ? null : e.newValue().toString()),
                e.truncated(),
                new SqlParameterValue(Types.OTHER, v.changedBy()),
                at
            });
        }
        jdbc.batchUpdate(
                """
                insert into case_changes (tenant_id, suite_id, version, case_id, readable_id, case_name, change, field,
                  old_value, new_value, truncated, changed_by, changed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)""",
                rows);
    }

    private static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    private static final String VERSION_COLUMNS =
            "version, summary, changed_by, changed_at, cases_added, cases_changed, cases_removed";

    /** Newest first, those below {@code before} when it is given. */
    List<VersionRow> versions(UUID tenantId, UUID suiteId, Integer before, int limit) {
        return jdbc.query(
                "select " + VERSION_COLUMNS + " from suite_versions where suite_id = ? and tenant_id = ?"
                        + " and version < ? order by version desc limit ?",
                (rs, i) -> version(rs),
                suiteId,
                tenantId,
                before == null ? Integer.MAX_VALUE : before,
                limit);
    }

    Optional<VersionRow> version(UUID tenantId, UUID suiteId, int version) {
        return jdbc
                .query(
                        "select " + VERSION_COLUMNS
                                + " from suite_versions where suite_id = ? and tenant_id = ? and version = ?",
                        (rs, i) -> version(rs),
                        suiteId,
                        tenantId,
                        version)
                .stream()
                .findFirst();
    }

    /** The suite's first and last recorded versions, or empty when it has none. */
    Optional<int[]> range(UUID tenantId, UUID suiteId) {
        return jdbc
                .query(
                        "select min(version), max(version) from suite_versions where suite_id = ? and tenant_id = ?",
                        (rs, i) -> rs.getObject(1) == null ? null : new int[] {rs.getInt(1), rs.getInt(2)},
                        suiteId,
                        tenantId)
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private static VersionRow version(ResultSet rs) throws SQLException {
        return new VersionRow(
                rs.getInt(1),
                rs.getString(2),
                rs.getObject(3, UUID.class),
                rs.getTimestamp(4).toInstant(),
                rs.getInt(5),
                rs.getInt(6),
                rs.getInt(7));
    }

    private static final String ENTRY_COLUMNS = "id, version, case_id, readable_id, case_name, change, field,"
            + " old_value::text, new_value::text, truncated, changed_by, changed_at";

    /** A version's entries in the order they were written, those after the entry id {@code after}. */
    List<EntryRow> entriesOf(UUID tenantId, UUID suiteId, int version, long after, int limit) {
        return jdbc.query(
                "select " + ENTRY_COLUMNS + " from case_changes where suite_id = ? and tenant_id = ? and version = ?"
                        + " and id > ? order by id limit ?",
                (rs, i) -> entry(rs),
                suiteId,
                tenantId,
                version,
                after,
                limit);
    }

    /** The entries of the versions after {@code from} up to {@code to}, oldest first, streamed. */
    void entriesBetween(UUID tenantId, UUID suiteId, int from, int to, Consumer<EntryRow> each) {
        jdbc.query(
                "select " + ENTRY_COLUMNS + " from case_changes where suite_id = ? and tenant_id = ?"
                        + " and version > ? and version <= ? order by version, id",
                rs -> {
                    each.accept(entry(rs));
                },
                suiteId,
                tenantId,
                from,
                to);
    }

    /** A case's entries, newest first, those below the entry id {@code before}. */
    List<EntryRow> caseChanges(UUID tenantId, UUID caseId, long before, int limit) {
        return jdbc.query(
                "select " + ENTRY_COLUMNS + " from case_changes where case_id = ? and tenant_id = ? and id < ?"
                        + " order by id desc limit ?",
                (rs, i) -> entry(rs),
                caseId,
                tenantId,
                before,
                limit);
    }

    boolean suiteExists(UUID tenantId, UUID suiteId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from test_suites where id = ? and tenant_id = ?)",
                Boolean.class,
                suiteId,
                tenantId));
    }

    /** A case of the tenant that exists, or was deleted and has a history. */
    boolean caseKnown(UUID tenantId, UUID caseId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                """
                select exists (select 1 from test_cases where id = ? and tenant_id = ?)
                    or exists (select 1 from case_changes where case_id = ? and tenant_id = ?)""",
                Boolean.class,
                caseId,
                tenantId,
                caseId,
                tenantId));
    }

    private static EntryRow entry(ResultSet rs) throws SQLException {
        return new EntryRow(
                rs.getLong(1),
                rs.getInt(2),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                CaseDiff.Change.valueOf(rs.getString(6)),
                rs.getString(7),
                json(rs.getString(8)),
                json(rs.getString(9)),
                rs.getBoolean(10),
                rs.getObject(11, UUID.class),
                rs.getTimestamp(12).toInstant());
    }

    private static JsonNode json(String text) {
        return text == null ? null : JsonColumns.MAPPER.readTree(text);
    }
}
