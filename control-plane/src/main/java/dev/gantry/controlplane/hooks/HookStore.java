package dev.gantry.controlplane.hooks;

import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.SecurityProperties;
import dev.gantry.model.SecretBox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * CI hooks and their deliveries, in PostgreSQL; secrets sealed with the encryption key. The only
 * writer of {@code ci_hooks} and {@code ci_deliveries} (claims, the run a delivery started, its
 * callback's state); {@code TableOwnershipTest} holds both tables to this class.
 */
@Component
class HookStore {
    /** {@code runUnreadySuites}: its deliveries also run DRAFT suites (default: READY suites only). */
    record Hook(
            UUID id,
            UUID tenantId,
            UUID projectId,
            String name,
            UUID createdBy,
            Instant createdAt,
            boolean runUnreadySuites) {}

    record Delivery(UUID runId, String callbackUrl) {}

    private final JdbcTemplate jdbc;
    private final SecretBox box;

    HookStore(JdbcTemplate jdbc, SecurityProperties security) {
        this.jdbc = jdbc;
        String key = security.encryptionKey();
        this.box = key == null || key.isBlank() ? null : SecretBox.fromBase64Key(key);
    }

    boolean canSeal() {
        return box != null;
    }

    void create(Hook hook, String secret) {
        jdbc.update(
                "insert into ci_hooks (id, tenant_id, project_id, name, secret_sealed, created_by, created_at,"
                        + " run_unready_suites) values (?, ?, ?, ?, ?, ?, ?, ?)",
                hook.id(),
                hook.tenantId(),
                hook.projectId(),
                hook.name(),
                box.seal(secret),
                hook.createdBy(),
                Timestamp.from(hook.createdAt()),
                hook.runUnreadySuites());
    }

    List<Hook> list(UUID projectId, UUID tenantId) {
        return jdbc.query(
                "select id, tenant_id, project_id, name, created_by, created_at, run_unready_suites from ci_hooks"
                        + " where project_id = ? and tenant_id = ? order by name",
                (rs, i) -> new Hook(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getObject(5, UUID.class),
                        rs.getTimestamp(6).toInstant(),
                        rs.getBoolean(7)),
                projectId,
                tenantId);
    }

    /** The tenant's hook after the change (404 when it has no such hook). */
    Hook changeRunUnreadySuites(UUID id, UUID tenantId, boolean runUnreadySuites) {
        if (jdbc.update(
                        "update ci_hooks set run_unready_suites = ? where id = ? and tenant_id = ?",
                        runUnreadySuites,
                        id,
                        tenantId)
                == 0) {
            throw new NotFoundException("hook", id);
        }
        return find(id).orElseThrow().hook();
    }

    void delete(UUID id, UUID tenantId) {
        if (jdbc.update("delete from ci_hooks where id = ? and tenant_id = ?", id, tenantId) == 0) {
            throw new NotFoundException("hook", id);
        }
    }

    /** The hook and its opened secret; any tenant's (the caller is the signature, not a key). */
    Optional<HookWithSecret> find(UUID id) {
        return jdbc
                .query(
                        "select id, tenant_id, project_id, name, created_by, created_at, secret_sealed, run_unready_suites"
                                + " from ci_hooks where id = ?",
                        (rs, i) -> new HookWithSecret(
                                new Hook(
                                        rs.getObject(1, UUID.class),
                                        rs.getObject(2, UUID.class),
                                        rs.getObject(3, UUID.class),
                                        rs.getString(4),
                                        rs.getObject(5, UUID.class),
                                        rs.getTimestamp(6).toInstant(),
                                        rs.getBoolean(8)),
                                box == null ? null : box.open(rs.getString(7))),
                        id)
                .stream()
                .findFirst();
    }

    record HookWithSecret(Hook hook, String secret) {}

    boolean projectExists(UUID projectId, UUID tenantId) {
        return !jdbc.queryForList(
                        "select 1 from projects where id = ? and tenant_id = ?", Integer.class, projectId, tenantId)
                .isEmpty();
    }

    /** Claims a delivery id: true for the first claim, false when it was seen before. */
    boolean claim(UUID hookId, String deliveryId, String callbackUrl, Instant now) {
        return jdbc.update(
                        """
                insert into ci_deliveries (hook_id, delivery_id, received_at, callback_url, callback_state)
                values (?, ?, ?, ?, ?) on conflict (hook_id, delivery_id) do nothing
                """,
                        hookId,
                        deliveryId,
                        Timestamp.from(now),
                        callbackUrl,
                        callbackUrl == null ? null : "PENDING")
                == 1;
    }

    void attach(UUID hookId, String deliveryId, UUID runId) {
        jdbc.update(
                "update ci_deliveries set run_id = ? where hook_id = ? and delivery_id = ?", runId, hookId, deliveryId);
    }

    /** A claim whose run could not start: forgotten, so that the CI system's retry may try again. */
    void release(UUID hookId, String deliveryId) {
        jdbc.update(
                "delete from ci_deliveries where hook_id = ? and delivery_id = ? and run_id is null",
                hookId,
                deliveryId);
    }

    Optional<UUID> runOf(UUID hookId, String deliveryId) {
        return jdbc
                .queryForList(
                        "select run_id from ci_deliveries where hook_id = ? and delivery_id = ? and run_id is not null",
                        UUID.class,
                        hookId,
                        deliveryId)
                .stream()
                .findFirst();
    }

    /** A finished run's delivery whose CI system waits for a callback. */
    record DueCallback(UUID hookId, String deliveryId, UUID runId, String url, int attempts) {}

    /**
     * Leases up to 20 callbacks due now whose run has ended, until {@code leaseUntil}: one control
     * plane sends each (the others skip the locked rows, and see it again only if the lease lapses).
     */
    List<DueCallback> leaseDueCallbacks(Instant now, Instant leaseUntil) {
        return jdbc.query(
                """
                update ci_deliveries d set callback_next_at = ?
                where (d.hook_id, d.delivery_id) in (
                    select p.hook_id, p.delivery_id from ci_deliveries p join runs r on r.id = p.run_id
                    where p.callback_state = 'PENDING' and r.status in ('PASSED', 'FAILED', 'CANCELLED', 'ERROR')
                      and (p.callback_next_at is null or p.callback_next_at <= ?)
                    limit 20 for update of p skip locked)
                returning d.hook_id, d.delivery_id, d.run_id, d.callback_url, d.callback_attempts
                """,
                (rs, i) -> new DueCallback(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getInt(5)),
                Timestamp.from(leaseUntil),
                Timestamp.from(now));
    }

    /** A callback's attempt: its state (PENDING, DELIVERED, REFUSED, FAILED), attempts so far, when to try again, why it failed. */
    void recordCallback(UUID hookId, String deliveryId, String state, int attempts, Instant next, String error) {
        jdbc.update(
                """
                update ci_deliveries set callback_state = ?, callback_attempts = ?, callback_next_at = ?,
                    callback_error = ? where hook_id = ? and delivery_id = ?
                """,
                state,
                attempts,
                next == null ? null : Timestamp.from(next),
                error,
                hookId,
                deliveryId);
    }
}
