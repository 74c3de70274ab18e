package dev.gantry.controlplane.stories;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The only writer of {@code stories}: a key once kept is updated by the next import of it. */
@Component
class StoryStore {
    /** A story as kept. */
    record Story(
            UUID id,
            String key,
            String issueType,
            boolean epic,
            String title,
            String status,
            String priority,
            String sprint,
            List<String> fixVersions,
            String epicKey,
            String description,
            String source,
            Instant updatedInTracker,
            Instant importedAt) {}

    /** What an import did: keys new to the project, keys updated. */
    record Kept(int created, int updated) {}

    /** Filters of a project's stories; nulls filter nothing. */
    record Filter(Boolean epic, String status, String sprint, String fixVersion, String epicKey, String text) {}

    private static final String COLUMNS =
            """
            select id, key, issue_type, epic, title, status, priority, sprint, fix_versions::text, epic_key,
                   description, source, updated_in_tracker, imported_at
            from stories
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final RowMapper<Story> rows;

    StoryStore(NamedParameterJdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.rows = (rs, i) -> new Story(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                json.readValue(rs.getString(9), new TypeReference<List<String>>() {}),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                instant(rs.getTimestamp(13)),
                instant(rs.getTimestamp(14)));
    }

    /** Keeps the drafts (a key given twice: the last wins), in the caller's transaction. */
    Kept keep(UUID tenantId, UUID projectId, List<StoryDraft> drafts, String source) {
        if (drafts.isEmpty()) {
            return new Kept(0, 0);
        }
        var byKey = new java.util.LinkedHashMap<String, StoryDraft>();
        drafts.forEach(d -> byKey.put(d.key(), d));
        Set<String> known = new HashSet<>(jdbc.queryForList(
                "select key from stories where project_id = :project and key in (:keys)",
                new MapSqlParameterSource("project", projectId).addValue("keys", byKey.keySet()),
                String.class));
        Timestamp now = Timestamp.from(clock.instant());
        List<MapSqlParameterSource> batch = new ArrayList<>();
        for (StoryDraft d : byKey.values()) {
            batch.add(new MapSqlParameterSource()
                    .addValue("id", UUID.randomUUID())
                    .addValue("tenant", tenantId)
                    .addValue("project", projectId)
                    .addValue("key", d.key())
                    .addValue("type", d.issueType())
                    .addValue("epic", d.epic())
                    .addValue("title", d.title())
                    .addValue("status", d.status())
                    .addValue("priority", d.priority())
                    .addValue("sprint", d.sprint())
                    .addValue("versions", json.writeValueAsString(d.fixVersions()))
                    .addValue("epicKey", d.epicKey())
                    .addValue("description", d.description())
                    .addValue("source", source)
                    .addValue("updated", d.updatedInTracker() == null ? null : Timestamp.from(d.updatedInTracker()))
                    .addValue("now", now));
        }
        jdbc.batchUpdate(
                """
                insert into stories (id, tenant_id, project_id, key, issue_type, epic, title, status, priority, sprint,
                                     fix_versions, epic_key, description, source, updated_in_tracker, imported_at)
                values (:id, :tenant, :project, :key, :type, :epic, :title, :status, :priority, :sprint,
                        cast(:versions as jsonb), :epicKey, :description, :source, :updated, :now)
                on conflict (project_id, key) do update set
                    issue_type = excluded.issue_type, epic = excluded.epic, title = excluded.title,
                    status = excluded.status, priority = excluded.priority, sprint = excluded.sprint,
                    fix_versions = excluded.fix_versions, epic_key = excluded.epic_key,
                    description = excluded.description, source = excluded.source,
                    updated_in_tracker = excluded.updated_in_tracker, imported_at = excluded.imported_at
                """,
                batch.toArray(MapSqlParameterSource[]::new));
        return new Kept(byKey.size() - known.size(), known.size());
    }

    List<Story> list(UUID tenantId, UUID projectId, Filter filter, int limit, int offset) {
        StringBuilder sql = new StringBuilder(COLUMNS + " where tenant_id = :tenant and project_id = :project");
        var parameters = new MapSqlParameterSource("tenant", tenantId).addValue("project", projectId);
        if (filter.epic() != null) {
            sql.append(" and epic = :epic");
            parameters.addValue("epic", filter.epic());
        }
        equal(sql, parameters, "status", filter.status());
        equal(sql, parameters, "sprint", filter.sprint());
        equal(sql, parameters, "epic_key", filter.epicKey());
        if (filter.fixVersion() != null) {
            sql.append(" and fix_versions @> cast(:version as jsonb)");
            parameters.addValue("version", json.writeValueAsString(List.of(filter.fixVersion())));
        }
        if (filter.text() != null) {
            sql.append(" and (key ilike :text escape '\\' or title ilike :text escape '\\')");
            parameters.addValue("text", "%" + filter.text().replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        // CTP-7 before CTP-12, as people count
        sql.append(" order by split_part(key, '-', 1), cast(split_part(key, '-', 2) as bigint)");
        sql.append(" limit :limit offset :offset");
        parameters.addValue("limit", limit).addValue("offset", offset);
        return jdbc.query(sql.toString(), parameters, rows);
    }

    Optional<Story> find(UUID tenantId, UUID id) {
        return jdbc
                .query(
                        COLUMNS + " where tenant_id = :tenant and id = :id",
                        new MapSqlParameterSource("tenant", tenantId).addValue("id", id),
                        rows)
                .stream()
                .findFirst();
    }

    /** The project a story belongs to. */
    UUID projectOf(UUID id) {
        return jdbc.queryForObject(
                "select project_id from stories where id = :id", new MapSqlParameterSource("id", id), UUID.class);
    }

    List<Story> ofEpic(UUID tenantId, UUID projectId, String epicKey) {
        return list(tenantId, projectId, new Filter(null, null, null, null, epicKey, null), 10_000, 0);
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.update(
                        "delete from stories where tenant_id = :tenant and id = :id",
                        new MapSqlParameterSource("tenant", tenantId).addValue("id", id))
                == 1;
    }

    private static void equal(StringBuilder sql, MapSqlParameterSource parameters, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = :").append(column);
            parameters.addValue(column, value);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
