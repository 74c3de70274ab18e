package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** The only writer of {@code step_catalog}; every read is scoped by tenant. */
@Component
class StepCatalog {
    private static final String COLUMNS =
            "id, project_id, keyword, pattern, description, binding::text, created_by, created_at, updated_at";

    private final JdbcTemplate jdbc;

    StepCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<StepEntry> entries(UUID tenantId, UUID projectId) {
        return jdbc.query(
                "select " + COLUMNS + " from step_catalog where tenant_id = ? and project_id = ? order by pattern",
                (rs, n) -> entry(rs),
                tenantId,
                projectId);
    }

    Optional<StepEntry> find(UUID tenantId, UUID id) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from step_catalog where tenant_id = ? and id = ?",
                        (rs, n) -> entry(rs),
                        tenantId,
                        id)
                .stream()
                .findFirst();
    }

    long count(UUID tenantId, UUID projectId) {
        return jdbc.queryForObject(
                "select count(*) from step_catalog where tenant_id = ? and project_id = ?",
                Long.class,
                tenantId,
                projectId);
    }

    boolean patternTaken(UUID projectId, String pattern, UUID except) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from step_catalog where project_id = ? and pattern = ? and id <> ?)",
                Boolean.class,
                projectId,
                pattern,
                except));
    }

    /** How many steps of the published feature files of the project each entry matched. */
    Map<UUID, Long> uses(UUID tenantId, UUID projectId) {
        Map<UUID, Long> uses = new HashMap<>();
        jdbc.query(
                """
                select u.step_id, sum(u.uses) from feature_step_uses u
                join step_catalog s on s.id = u.step_id
                where s.tenant_id = ? and s.project_id = ? group by u.step_id""",
                rs -> {
                    uses.put(rs.getObject(1, UUID.class), rs.getLong(2));
                },
                tenantId,
                projectId);
        return uses;
    }

    void insert(UUID tenantId, StepEntry e) {
        jdbc.update(
                """
                insert into step_catalog (id, tenant_id, project_id, keyword, pattern, description, binding, created_by,
                  created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""",
                e.id(),
                tenantId,
                e.projectId(),
                e.keyword().name(),
                e.pattern().source(),
                e.description(),
                JsonColumns.MAPPER.writeValueAsString(e.binding()),
                e.createdBy(),
                Timestamp.from(e.createdAt()),
                Timestamp.from(e.updatedAt()));
    }

    void update(UUID tenantId, StepEntry e) {
        jdbc.update(
                """
                update step_catalog set keyword = ?, pattern = ?, description = ?, binding = ?::jsonb, updated_at = ?
                where tenant_id = ? and id = ?""",
                e.keyword().name(),
                e.pattern().source(),
                e.description(),
                JsonColumns.MAPPER.writeValueAsString(e.binding()),
                Timestamp.from(e.updatedAt()),
                tenantId,
                e.id());
    }

    void delete(UUID tenantId, UUID id) {
        jdbc.update("delete from step_catalog where tenant_id = ? and id = ?", tenantId, id);
    }

    private static StepEntry entry(ResultSet rs) throws SQLException {
        return new StepEntry(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                StepEntry.Keyword.valueOf(rs.getString(3)),
                StepPattern.parse("pattern", rs.getString(4)),
                rs.getString(5),
                JsonColumns.MAPPER.readValue(rs.getString(6), new TypeReference<Map<String, Object>>() {}),
                rs.getObject(7, UUID.class),
                rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant());
    }
}
