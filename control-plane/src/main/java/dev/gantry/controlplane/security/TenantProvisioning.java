package dev.gantry.controlplane.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates tenants, their users and API keys, changes a tenant's subscription, revokes keys. Keys
 * are returned once and stored only as hashes. The only writer of {@code tenants},
 * {@code subscriptions}, {@code users} and {@code api_keys}; {@code TableOwnershipTest} holds the
 * tables to this class.
 */
@Service
public class TenantProvisioning {
    /** A new user's key, shown to the caller once. */
    public record IssuedKey(UUID tenantId, UUID userId, String apiKey) {}

    /** The name of the operator's key that {@code GANTRY_ADMIN_KEY} (or the first start) registers. */
    static final String BOOTSTRAP_KEY = "bootstrap";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    TenantProvisioning(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public IssuedKey createTenant(String name, UUID planId, String adminEmail, String adminName, Role role) {
        UUID tenantId = insertTenant(name, planId, false);
        return addUser(tenantId, adminEmail, adminName, role, ApiKeys.generate());
    }

    IssuedKey createOperatorTenant(String name, UUID planId, String adminEmail, String apiKey) {
        return addUser(
                insertTenant(name, planId, true),
                adminEmail,
                Person.nameOf(adminEmail, null),
                Role.ADMIN,
                BOOTSTRAP_KEY,
                apiKey);
    }

    private UUID insertTenant(String name, UUID planId, boolean operator) {
        UUID tenantId = UUID.randomUUID();
        jdbc.update(
                "insert into tenants (id, name, plan_id, operator, created_at) values (?, ?, ?, ?, ?)",
                tenantId,
                name,
                planId,
                operator,
                Timestamp.from(clock.instant()));
        jdbc.update(
                "insert into subscriptions (id, tenant_id, plan_id, status, started_at) values (?, ?, ?, 'ACTIVE', ?)",
                UUID.randomUUID(),
                tenantId,
                planId,
                Timestamp.from(clock.instant()));
        return tenantId;
    }

    @Transactional
    public IssuedKey addUser(UUID tenantId, String email, String name, Role role, String apiKey) {
        return addUser(tenantId, email, name, role, "default", apiKey);
    }

    /** A user without an API key: a person invited to the console, who signs in with a password. */
    UUID addPerson(UUID tenantId, String email, String name, Role role) {
        UUID userId = UUID.randomUUID();
        jdbc.update(
                "insert into users (id, tenant_id, email, name, role, created_at) values (?, ?, ?, ?, ?, ?)",
                userId,
                tenantId,
                email,
                Person.nameOf(email, name),
                role.name(),
                Timestamp.from(clock.instant()));
        return userId;
    }

    private IssuedKey addUser(UUID tenantId, String email, String name, Role role, String keyName, String apiKey) {
        UUID userId = UUID.randomUUID();
        jdbc.update(
                "insert into users (id, tenant_id, email, name, role, created_at) values (?, ?, ?, ?, ?, ?)",
                userId,
                tenantId,
                email,
                Person.nameOf(email, name),
                role.name(),
                Timestamp.from(clock.instant()));
        addKey(userId, keyName, apiKey);
        return new IssuedKey(tenantId, userId, apiKey);
    }

    /**
     * Changes what is given of a user of the tenant (a null leaves it as it is); false when the
     * tenant has no such user.
     */
    boolean updateUser(UUID tenantId, UUID userId, String name, Role role, Boolean active) {
        return jdbc.update(
                        """
                        update users set name = coalesce(?, name), role = coalesce(?, role), active = coalesce(?, active)
                        where id = ? and tenant_id = ?
                        """,
                        name,
                        role == null ? null : role.name(),
                        active,
                        userId,
                        tenantId)
                == 1;
    }

    /** Registers a key (only its hash) for the user; answers the key's id. */
    UUID addKey(UUID userId, String name, String apiKey) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into api_keys (id, user_id, name, key_prefix, key_hash, created_at) values (?, ?, ?, ?, ?, ?)",
                id,
                userId,
                name,
                ApiKeys.prefix(apiKey),
                ApiKeys.hash(apiKey),
                Timestamp.from(clock.instant()));
        return id;
    }

    /** Revokes the key from now on; true when it was active. */
    boolean revokeKey(UUID keyId) {
        return jdbc.update(
                        "update api_keys set revoked_at = ? where id = ? and revoked_at is null",
                        Timestamp.from(clock.instant()),
                        keyId)
                == 1;
    }

    /** Revokes the user's active keys of that name except the one with {@code keptHash}; answers how many. */
    int revokeKeysNamed(UUID userId, String name, String keptHash) {
        return jdbc.update(
                "update api_keys set revoked_at = ? where user_id = ? and name = ? and key_hash <> ? and revoked_at is null",
                Timestamp.from(clock.instant()),
                userId,
                name,
                keptHash);
    }

    /**
     * Ends the tenant's current subscription (kept as history) and starts one on the plan with the
     * status, which becomes the tenant's plan.
     */
    @Transactional
    public void changeSubscription(UUID tenantId, UUID planId, String status) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("update subscriptions set ended_at = ? where tenant_id = ? and ended_at is null", now, tenantId);
        jdbc.update(
                "insert into subscriptions (id, tenant_id, plan_id, status, started_at) values (?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                tenantId,
                planId,
                status,
                now);
        jdbc.update("update tenants set plan_id = ? where id = ?", planId, tenantId);
    }

    boolean keyExists(String apiKey) {
        return !jdbc.queryForList("select 1 from api_keys where key_hash = ?", ApiKeys.hash(apiKey))
                .isEmpty();
    }

    List<UUID> userIdByEmail(String email) {
        return jdbc.query("select id from users where email = ?", (rs, i) -> rs.getObject(1, UUID.class), email);
    }
}
