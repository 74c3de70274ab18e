package dev.gantry.controlplane.schedules;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only writer of {@code schedules}: the API's changes (tenant-scoped) and the firer's claims
 * and outcomes. {@code TableOwnershipTest} holds the table to this class.
 */
@Component
class ScheduleStore {
    /** What a new schedule or a change to one stores; nextFireAt is null when it is disabled. */
    record Values(
            String name,
            UUID environmentId,
            String cron,
            String timeZone,
            boolean enabled,
            Instant nextFireAt,
            boolean runUnreadySuites) {}

    private final JdbcTemplate jdbc;

    ScheduleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void create(UUID id, UUID tenantId, UUID suiteId, Values values, UUID createdBy, Instant now) {
        jdbc.update(
                """
                insert into schedules (id, tenant_id, suite_id, environment_id, name, cron, time_zone, enabled,
                    next_fire_at, created_by, created_at, run_unready_suites) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id,
                tenantId,
                suiteId,
                values.environmentId(),
                values.name(),
                values.cron(),
                values.timeZone(),
                values.enabled(),
                timestamp(values.nextFireAt()),
                createdBy,
                Timestamp.from(now),
                values.runUnreadySuites());
    }

    void update(UUID id, UUID tenantId, Values values) {
        jdbc.update(
                """
                update schedules set name = ?, environment_id = ?, cron = ?, time_zone = ?, enabled = ?, next_fire_at = ?,
                  run_unready_suites = ?
                where id = ? and tenant_id = ?
                """,
                values.name(),
                values.environmentId(),
                values.cron(),
                values.timeZone(),
                values.enabled(),
                timestamp(values.nextFireAt()),
                values.runUnreadySuites(),
                id,
                tenantId);
    }

    void pause(UUID id, UUID tenantId) {
        jdbc.update(
                "update schedules set enabled = false, next_fire_at = null where id = ? and tenant_id = ?",
                id,
                tenantId);
    }

    /** Enables a paused schedule from {@code nextFireAt} on; an enabled one is left as it is. */
    void resume(UUID id, UUID tenantId, Instant nextFireAt) {
        jdbc.update(
                "update schedules set enabled = true, next_fire_at = ? where id = ? and tenant_id = ? and not enabled",
                timestamp(nextFireAt),
                id,
                tenantId);
    }

    /** False when the tenant has no such schedule. */
    boolean delete(UUID id, UUID tenantId) {
        return jdbc.update("delete from schedules where id = ? and tenant_id = ?", id, tenantId) == 1;
    }

    /**
     * Claims a due time by moving {@code next_fire_at} from the value read to the next one
     * (compare-and-set): true for exactly one of the control planes that try.
     */
    boolean claim(UUID id, Instant dueAt, Instant next, Instant now) {
        return jdbc.update(
                        "update schedules set next_fire_at = ?, last_fired_at = ? where id = ? and next_fire_at = ? and enabled",
                        timestamp(next),
                        Timestamp.from(now),
                        id,
                        Timestamp.from(dueAt))
                == 1;
    }

    /** The last firing started its run, or could not (null: it did). */
    void recordError(UUID id, String error) {
        jdbc.update("update schedules set last_error = ? where id = ?", error, id);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
