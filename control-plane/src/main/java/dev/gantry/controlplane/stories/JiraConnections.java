package dev.gantry.controlplane.stories;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The only writer of {@code jira_connections}: one connection per project, its token sealed. */
@Component
class JiraConnections {
    /** A project's connection; {@code tokenSealed} never leaves the control plane. */
    record Connection(
            UUID projectId,
            String baseUrl,
            int apiVersion,
            String username,
            String tokenSealed,
            String jql,
            String sprintField,
            String epicField,
            Instant lastSyncedAt,
            String lastSync,
            Instant updatedAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    JiraConnections(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Connection> find(UUID tenantId, UUID projectId) {
        return jdbc
                .query(
                        """
                        select project_id, base_url, api_version, username, token_sealed, jql, sprint_field, epic_field,
                               last_synced_at, last_sync::text, updated_at
                        from jira_connections where tenant_id = ? and project_id = ?
                        """,
                        (rs, i) -> new Connection(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getInt(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getTimestamp(9) == null
                                        ? null
                                        : rs.getTimestamp(9).toInstant(),
                                rs.getString(10),
                                rs.getTimestamp(11).toInstant()),
                        tenantId,
                        projectId)
                .stream()
                .findFirst();
    }

    void save(UUID tenantId, Connection c) {
        jdbc.update(
                """
                insert into jira_connections (project_id, tenant_id, base_url, api_version, username, token_sealed, jql,
                                              sprint_field, epic_field, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (project_id) do update set
                    base_url = excluded.base_url, api_version = excluded.api_version, username = excluded.username,
                    token_sealed = excluded.token_sealed, jql = excluded.jql, sprint_field = excluded.sprint_field,
                    epic_field = excluded.epic_field, updated_at = excluded.updated_at
                """,
                c.projectId(),
                tenantId,
                c.baseUrl(),
                c.apiVersion(),
                c.username(),
                c.tokenSealed(),
                c.jql(),
                c.sprintField(),
                c.epicField(),
                Timestamp.from(clock.instant()));
    }

    void synced(UUID projectId, String outcomeJson) {
        jdbc.update(
                "update jira_connections set last_synced_at = ?, last_sync = ?::jsonb where project_id = ?",
                Timestamp.from(clock.instant()),
                outcomeJson,
                projectId);
    }

    boolean delete(UUID tenantId, UUID projectId) {
        return jdbc.update("delete from jira_connections where tenant_id = ? and project_id = ?", tenantId, projectId)
                == 1;
    }
}
