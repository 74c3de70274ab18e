package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only writer of {@code feature_files}, {@code feature_file_versions}, {@code feature_file_cases},
 * {@code feature_file_data_sets} and {@code feature_step_uses}; every read is scoped by tenant.
 */
@Component
class FeatureStore {
    enum Status {
        DRAFT,
        PUBLISHED,
        ARCHIVED
    }

    record FeatureFile(
            UUID id,
            UUID projectId,
            String name,
            String description,
            String content,
            Status status,
            UUID suiteId,
            Integer publishedVersion,
            UUID createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    record Version(int version, String content, UUID suiteId, UUID publishedBy, Instant publishedAt) {}

    private static final String COLUMNS = "id, project_id, name, description, content, status, suite_id,"
            + " published_version, created_by, created_at, updated_at";

    private final JdbcTemplate jdbc;

    FeatureStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    FeatureFile require(UUID tenantId, UUID id) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from feature_files where tenant_id = ? and id = ?",
                        (rs, n) -> file(rs),
                        tenantId,
                        id)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("feature file", id));
    }

    /** Locks the file's row for the rest of the transaction, so that two publications go one after the other. */
    FeatureFile lock(UUID tenantId, UUID id) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from feature_files where tenant_id = ? and id = ? for update",
                        (rs, n) -> file(rs),
                        tenantId,
                        id)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("feature file", id));
    }

    List<FeatureFile> list(UUID tenantId, UUID projectId) {
        return jdbc.query(
                "select " + COLUMNS + " from feature_files where tenant_id = ? and project_id = ? order by name",
                (rs, n) -> file(rs),
                tenantId,
                projectId);
    }

    boolean nameTaken(UUID projectId, String name, UUID except) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from feature_files where project_id = ? and name = ? and id <> ?)",
                Boolean.class,
                projectId,
                name,
                except));
    }

    void insert(UUID tenantId, FeatureFile f) {
        jdbc.update(
                "insert into feature_files (" + COLUMNS + ", tenant_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.id(),
                f.projectId(),
                f.name(),
                f.description(),
                f.content(),
                f.status().name(),
                f.suiteId(),
                f.publishedVersion(),
                f.createdBy(),
                Timestamp.from(f.createdAt()),
                Timestamp.from(f.updatedAt()),
                tenantId);
    }

    void update(UUID tenantId, UUID id, String name, String description, String content, Status status, Instant now) {
        jdbc.update(
                """
                update feature_files set name = ?, description = ?, content = ?, status = ?, updated_at = ?
                where tenant_id = ? and id = ?""",
                name,
                description,
                content,
                status.name(),
                Timestamp.from(now),
                tenantId,
                id);
    }

    void delete(UUID tenantId, UUID id) {
        jdbc.update("delete from feature_files where tenant_id = ? and id = ?", tenantId, id);
    }

    /** Records a publication: the next version with its content, and what it made. */
    int published(
            UUID tenantId,
            UUID id,
            String content,
            UUID suiteId,
            UUID by,
            Instant now,
            Map<String, UUID> cases,
            Map<String, UUID> dataSets,
            Map<UUID, Integer> uses) {
        int version = jdbc.queryForObject(
                "select coalesce(max(version), 0) + 1 from feature_file_versions where feature_id = ?",
                Integer.class,
                id);
        jdbc.update(
                """
                insert into feature_file_versions (feature_id, version, content, suite_id, published_by, published_at)
                values (?, ?, ?, ?, ?, ?)""",
                id,
                version,
                content,
                suiteId,
                by,
                Timestamp.from(now));
        jdbc.update(
                """
                update feature_files set content = ?, status = 'PUBLISHED', suite_id = ?, published_version = ?,
                  updated_at = ? where tenant_id = ? and id = ?""",
                content,
                suiteId,
                version,
                Timestamp.from(now),
                tenantId,
                id);
        jdbc.update("delete from feature_file_cases where feature_id = ?", id);
        jdbc.update("delete from feature_file_data_sets where feature_id = ?", id);
        jdbc.update("delete from feature_step_uses where feature_id = ?", id);
        jdbc.batchUpdate(
                "insert into feature_file_cases (feature_id, case_key, case_id) values (?, ?, ?)", rows(id, cases));
        jdbc.batchUpdate(
                "insert into feature_file_data_sets (feature_id, set_key, data_set_id) values (?, ?, ?)",
                rows(id, dataSets));
        List<Object[]> useRows = new ArrayList<>();
        uses.forEach((step, n) -> useRows.add(new Object[] {id, step, n}));
        jdbc.batchUpdate("insert into feature_step_uses (feature_id, step_id, uses) values (?, ?, ?)", useRows);
        return version;
    }

    private static List<Object[]> rows(UUID id, Map<String, UUID> links) {
        List<Object[]> rows = new ArrayList<>();
        links.forEach((key, target) -> rows.add(new Object[] {id, key, target}));
        return rows;
    }

    /** The cases the last publication made, by key (a case deleted since is gone from here too). */
    Map<String, UUID> cases(UUID id) {
        return links("select case_key, case_id from feature_file_cases where feature_id = ?", id);
    }

    Map<String, UUID> dataSets(UUID id) {
        return links("select set_key, data_set_id from feature_file_data_sets where feature_id = ?", id);
    }

    private Map<String, UUID> links(String sql, UUID id) {
        Map<String, UUID> links = new LinkedHashMap<>();
        jdbc.query(
                sql,
                rs -> {
                    links.put(rs.getString(1), rs.getObject(2, UUID.class));
                },
                id);
        return links;
    }

    List<Version> versions(UUID id) {
        return jdbc.query(
                "select version, content, suite_id, published_by, published_at from feature_file_versions"
                        + " where feature_id = ? order by version",
                (rs, n) -> new Version(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class),
                        rs.getTimestamp(5).toInstant()),
                id);
    }

    Optional<Version> version(UUID id, int version) {
        return versions(id).stream().filter(v -> v.version() == version).findFirst();
    }

    private static FeatureFile file(ResultSet rs) throws SQLException {
        Integer published = rs.getObject(8, Integer.class);
        return new FeatureFile(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Status.valueOf(rs.getString(6)),
                rs.getObject(7, UUID.class),
                published,
                rs.getObject(9, UUID.class),
                rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11).toInstant());
    }
}
