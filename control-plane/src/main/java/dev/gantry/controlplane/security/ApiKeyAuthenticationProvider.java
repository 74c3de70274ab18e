package dev.gantry.controlplane.security;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Finds the user of an API key by the key's SHA-256. Looked up on every request, never cached, so a
 * revoked key or a deactivated user answers 401 at once, on every control plane.
 */
@Component
class ApiKeyAuthenticationProvider implements AuthenticationProvider {
    private final JdbcTemplate jdbc;

    ApiKeyAuthenticationProvider(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = ((ApiKeyAuthentication) authentication).key();
        List<Caller> callers = jdbc.query(
                """
                select u.id, u.tenant_id, u.role, t.operator, k.id
                from api_keys k join users u on u.id = k.user_id join tenants t on t.id = u.tenant_id
                where k.key_hash = ? and k.revoked_at is null and u.active
                """,
                (rs, i) -> new Caller(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        Role.valueOf(rs.getString(3)),
                        rs.getBoolean(4),
                        rs.getObject(5, UUID.class)),
                ApiKeys.hash(key.trim()));
        if (callers.isEmpty()) {
            throw new BadCredentialsException("unknown or revoked API key");
        }
        return ApiKeyAuthentication.authenticated(callers.getFirst());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
