package dev.gantry.controlplane.audit;

import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one audit entry per successful change made through the API: who (user, tenant, role),
 * which endpoint (its pattern, such as {@code PUT /api/v1/admin/tenants/{tenantId}/subscription}),
 * on what (the path variables, and the Location a creation answered), when. Written after the
 * request completed, so after the change committed, and only when it succeeded; request bodies
 * are never kept, since they may carry secrets. A failed audit write is logged and does not undo
 * the change (the answer is already sent). The only writer of {@code audit_log}: the purge deletes
 * old entries through {@link #deleteOlderThan}.
 */
@Component
class AuditRecorder implements HandlerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditRecorder(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        int status = response.getStatus();
        if (!CHANGES.contains(request.getMethod()) || status >= 400 || failure != null) {
            return;
        }
        if (!(request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller)) {
            return; // not a keyed call (CI deliveries are kept with their hooks)
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        try {
            jdbc.update(
                    """
                    insert into audit_log (at, tenant_id, user_id, role, method, action, target, status, location)
                    values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                    """,
                    Timestamp.from(clock.instant()),
                    caller.tenantId(),
                    caller.userId(),
                    caller.role().name(),
                    request.getMethod(),
                    request.getMethod() + " " + (pattern != null ? pattern : request.getRequestURI()),
                    json.writeValueAsString(variables == null ? Map.of() : new TreeMap<>(variables)),
                    status,
                    response.getHeader("Location"));
        } catch (RuntimeException e) {
            log.warn(
                    "could not write the audit entry of {} {} by user {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    caller.userId(),
                    e.toString());
        }
    }

    /** Deletes up to 5,000 entries older than the cutoff; answers how many. */
    static int deleteOlderThan(JdbcTemplate jdbc, Timestamp cutoff) {
        return jdbc.update(
                "delete from audit_log where id in (select id from audit_log where at < ? limit 5000)", cutoff);
    }
}
