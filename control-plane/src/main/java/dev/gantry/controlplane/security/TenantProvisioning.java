package dev.gantry.controlplane.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates tenants, their users and API keys. Keys are returned once and stored only as hashes. */
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
    public IssuedKey createTenant(String name, UUID planId, String adminEmail, Role role) {
        UUID tenantId = insertTenant(name, planId, false);
        return addUser(tenantId, adminEmail, role, ApiKeys.generate());
    }

    IssuedKey createOperatorTenant(String name, UUID planId, String adminEmail, String apiKey) {
        return addUser(insertTenant(name, planId, true), adminEmail, Role.ADMIN, BOOTSTRAP_KEY, apiKey);
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
    public IssuedKey addUser(UUID tenantId, String email, Role role, String apiKey) {
        return addUser(tenantId, email, role, "default", apiKey);
    }

    private IssuedKey addUser(UUID tenantId, String email, Role role, String keyName, String apiKey) {
        UUID userId = UUID.randomUUID();
        jdbc.update(
                "insert into users (id, tenant_id, email, display_name, role, created_at) values (?, ?, ?, ?, ?, ?)",
                userId,
                tenantId,
                email,
                email,
                role.name(),
                Timestamp.from(clock.instant()));
        addKey(userId, keyName, apiKey);
        return new IssuedKey(tenantId, userId, apiKey);
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

    boolean keyExists(String apiKey) {
        return !jdbc.queryForList("select 1 from api_keys where key_hash = ?", ApiKeys.hash(apiKey))
                .isEmpty();
    }

    List<UUID> userIdByEmail(String email) {
        return jdbc.query("select id from users where email = ?", (rs, i) -> rs.getObject(1, UUID.class), email);
    }
}
