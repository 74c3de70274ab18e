package dev.gantry.controlplane.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The API keys: listed without their secrets, revoked, rotated. Written through {@link TenantProvisioning}. */
@Repository
class ApiKeyStore {
    /** A key as it is shown: never the key itself, only its first characters. */
    record KeyInfo(
            UUID id,
            UUID userId,
            String email,
            String role,
            String name,
            String prefix,
            Instant createdAt,
            Instant revokedAt) {}

    private static final String SELECT =
            """
            select k.id, k.user_id, u.email, u.role, k.name, k.key_prefix, k.created_at, k.revoked_at, u.tenant_id
            from api_keys k join users u on u.id = k.user_id
            """;
    private static final RowMapper<KeyInfo> ROW = (rs, i) -> new KeyInfo(
            rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getTimestamp(7).toInstant(),
            rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant());

    private final JdbcTemplate jdbc;
    private final TenantProvisioning provisioning;

    ApiKeyStore(JdbcTemplate jdbc, TenantProvisioning provisioning) {
        this.jdbc = jdbc;
        this.provisioning = provisioning;
    }

    List<KeyInfo> ofTenant(UUID tenantId) {
        return jdbc.query(SELECT + " where u.tenant_id = ? order by k.created_at, k.id", ROW, tenantId);
    }

    List<KeyInfo> ofUser(UUID userId) {
        return jdbc.query(SELECT + " where k.user_id = ? order by k.created_at, k.id", ROW, userId);
    }

    /** The key with its tenant, or empty when it does not exist. */
    Optional<TenantKey> find(UUID keyId) {
        return jdbc
                .query(
                        SELECT + " where k.id = ?",
                        (rs, i) -> new TenantKey(ROW.mapRow(rs, i), rs.getObject(9, UUID.class)),
                        keyId)
                .stream()
                .findFirst();
    }

    record TenantKey(KeyInfo key, UUID tenantId) {}

    /** Revokes the key from now on; true when it was active. */
    boolean revoke(UUID keyId) {
        return provisioning.revokeKey(keyId);
    }

    /** A key just made: the only moment its value is known. */
    record Issued(UUID id, String apiKey) {}

    /** A new key for the user, shown once. */
    Issued issue(UUID userId, String name) {
        String key = ApiKeys.generate();
        return new Issued(provisioning.addKey(userId, name, key), key);
    }

    /** Replaces an active key by a new one of the same user and name; empty when the key was no longer active. */
    @Transactional
    Optional<Issued> rotate(KeyInfo key) {
        if (!revoke(key.id())) {
            return Optional.empty();
        }
        return Optional.of(issue(key.userId(), key.name()));
    }
}
