package dev.gantry.controlplane.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The one writer of {@code user_credentials}: a person's password hash, set through an invitation. */
@Component
class Credentials {
    /** An active user who can sign in with a password. */
    record Account(UUID userId, String passwordHash) {}

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    Credentials(JdbcTemplate jdbc, PasswordEncoder encoder, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** Sets (or replaces) the user's password; called inside the invitation's transaction. */
    void setPassword(UUID userId, String password) {
        Passwords.requireAcceptable(password);
        jdbc.update(
                """
                insert into user_credentials (user_id, password_hash, updated_at) values (?, ?, ?)
                on conflict (user_id) do update set password_hash = excluded.password_hash, updated_at = excluded.updated_at
                """,
                userId,
                encoder.encode(password),
                Timestamp.from(clock.instant()));
    }

    /** The caller an active user is now (role, tenant); empty when the user is gone or deactivated. */
    Optional<Caller> caller(UUID userId) {
        return jdbc
                .query(
                        """
                        select u.id, u.tenant_id, u.role, t.operator
                        from users u join tenants t on t.id = u.tenant_id
                        where u.id = ? and u.active
                        """,
                        (rs, i) -> new Caller(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                Role.valueOf(rs.getString(3)),
                                rs.getBoolean(4)),
                        userId)
                .stream()
                .findFirst();
    }

    /** The active user of that e-mail address with a password, if any. */
    Optional<Account> account(String email) {
        return jdbc
                .query(
                        """
                        select u.id, c.password_hash from users u join user_credentials c on c.user_id = u.id
                        where lower(u.email) = lower(?) and u.active
                        """,
                        (rs, i) -> new Account(rs.getObject(1, UUID.class), rs.getString(2)),
                        email.strip())
                .stream()
                .findFirst();
    }
}
