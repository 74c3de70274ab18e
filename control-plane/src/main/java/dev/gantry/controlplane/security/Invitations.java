package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.InvalidInputException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of {@code invitations}: a one-time, expiring link with which a person sets their
 * password. Only the token's SHA-256 is stored; the token itself is shown once, to the ADMIN who
 * invited, who passes the link on (Gantry sends no e-mail).
 */
@Component
class Invitations {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int TOKEN_LENGTH = 64;

    record Issued(UUID id, UUID userId, String token, Instant expiresAt) {}

    private record Pending(UUID id, UUID userId, Instant expiresAt, Instant usedAt) {}

    private final JdbcTemplate jdbc;
    private final Credentials credentials;
    private final SignInProperties properties;
    private final Clock clock;

    Invitations(JdbcTemplate jdbc, Credentials credentials, SignInProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.credentials = credentials;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new invitation for a user of the tenant; earlier unused ones of the same user stop working. */
    @Transactional
    Issued invite(UUID tenantId, UUID userId, UUID invitedBy) {
        byte[] bytes = new byte[TOKEN_LENGTH / 2];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.invitationTtl());
        jdbc.update(
                "update invitations set expires_at = ? where user_id = ? and used_at is null and expires_at > ?",
                Timestamp.from(now),
                userId,
                Timestamp.from(now));
        UUID id = UUID.randomUUID();
        jdbc.update(
                """
                insert into invitations (id, tenant_id, user_id, token_hash, created_by, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """,
                id,
                tenantId,
                userId,
                ApiKeys.hash(token),
                invitedBy,
                Timestamp.from(now),
                Timestamp.from(expiresAt));
        return new Issued(id, userId, token, expiresAt);
    }

    /**
     * Sets the invited person's password and uses the invitation up, in one transaction; an unknown,
     * used or expired token is refused naming {@code token}, a weak password naming {@code password}.
     *
     * @return the user whose password was set
     */
    @Transactional
    UUID accept(String token, String password) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            throw new InvalidInputException("token", "is not an invitation of this farm");
        }
        Passwords.requireAcceptable(password);
        List<Pending> found = jdbc.query(
                """
                select i.id, i.user_id, i.expires_at, i.used_at from invitations i join users u on u.id = i.user_id
                where i.token_hash = ? and u.active for update of i
                """,
                (rs, n) -> new Pending(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()),
                ApiKeys.hash(token));
        if (found.isEmpty()) {
            throw new InvalidInputException("token", "is not an invitation of this farm");
        }
        Pending invitation = found.getFirst();
        Instant now = clock.instant();
        if (invitation.usedAt() != null) {
            throw new InvalidInputException("token", "has been used already; ask an ADMIN for a new invitation");
        }
        if (!now.isBefore(invitation.expiresAt())) {
            throw new InvalidInputException(
                    "token", "expired at " + invitation.expiresAt() + "; ask an ADMIN for a new invitation");
        }
        jdbc.update("update invitations set used_at = ? where id = ?", Timestamp.from(now), invitation.id());
        credentials.setPassword(invitation.userId(), password);
        return invitation.userId();
    }
}
