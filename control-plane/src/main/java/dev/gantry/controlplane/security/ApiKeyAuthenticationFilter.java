package dev.gantry.controlplane.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /api/**} by the {@code X-Api-Key} header and applies the role rules:
 * reads need VIEWER, writes TESTER, a tenant's audit log ADMIN, {@code /api/v1/admin/**} ADMIN of
 * the operator tenant.
 */
@Component
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
    static final String HEADER = "X-Api-Key";
    static final String CALLER_ATTRIBUTE = Caller.REQUEST_ATTRIBUTE;
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final JdbcTemplate jdbc;

    ApiKeyAuthenticationFilter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // CI webhook deliveries carry an HMAC signature instead of a key (checked by the hook endpoint)
        return !request.getRequestURI().startsWith("/api/")
                || request.getRequestURI().startsWith("/api/v1/hooks/ci/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null || key.isBlank()) {
            reject(response, 401, "unauthenticated", "missing " + HEADER + " header");
            return;
        }
        List<Caller> callers = jdbc.query(
                """
                select u.id, u.tenant_id, u.role, t.operator
                from api_keys k join users u on u.id = k.user_id join tenants t on t.id = u.tenant_id
                where k.key_hash = ? and k.revoked_at is null and u.active
                """,
                (rs, i) -> new Caller(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        Role.valueOf(rs.getString(3)),
                        rs.getBoolean(4)),
                ApiKeys.hash(key.trim()));
        if (callers.isEmpty()) {
            reject(response, 401, "unauthenticated", "unknown or revoked API key");
            return;
        }
        Caller caller = callers.getFirst();
        if (isAdminPath(request) && !caller.operator()) {
            reject(response, 403, "forbidden", "the admin API is for administrators of the operator tenant");
            return;
        }
        Role needed = requiredRole(request);
        if (!caller.role().atLeast(needed)) {
            reject(
                    response,
                    403,
                    "forbidden",
                    "this operation needs role " + needed + "; the key has " + caller.role());
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    private static boolean isAdminPath(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/api/v1/admin/");
    }

    private static Role requiredRole(HttpServletRequest request) {
        if (isAdminPath(request) || request.getRequestURI().startsWith("/api/v1/audit")) {
            return Role.ADMIN;
        }
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> Role.VIEWER;
            default -> Role.TESTER;
        };
    }

    private static void reject(HttpServletResponse response, int status, String code, String detail)
            throws IOException {
        log.warn("{} {}", status, detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String body = "{\"type\":\"urn:gantry:problem:" + code + "\",\"title\":\""
                + (status == 401 ? "Unauthorized" : "Forbidden") + "\",\"status\":" + status
                + ",\"code\":\"" + code + "\",\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
