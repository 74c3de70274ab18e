package dev.gantry.controlplane.plans;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Reads a tenant's plan limits (rows of {@code plan_limits}; a null value means unlimited). */
@Service
public class PlanService {
    /** Retention when a plan does not say: details must expire some day. */
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final JdbcTemplate jdbc;

    PlanService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The limit's value for the tenant's plan; empty when unlimited or not set. */
    public OptionalLong limit(UUID tenantId, PlanLimit limit) {
        List<Long> values = jdbc.query(
                """
                select l.limit_value from tenants t join plan_limits l on l.plan_id = t.plan_id
                where t.id = ? and l.limit_name = ?
                """,
                (rs, i) -> (Long) rs.getObject(1, Long.class),
                tenantId,
                limit.name());
        return values.isEmpty() || values.getFirst() == null
                ? OptionalLong.empty()
                : OptionalLong.of(values.getFirst());
    }

    /** How long the tenant's step details are kept. */
    public Duration retention(UUID tenantId) {
        OptionalLong days = limit(tenantId, PlanLimit.RetentionDays);
        return days.isPresent() ? Duration.ofDays(days.getAsLong()) : DEFAULT_RETENTION;
    }

    public UUID planIdByName(String name) {
        List<UUID> ids =
                jdbc.query("select id from plans where name = ?", (rs, i) -> rs.getObject(1, UUID.class), name);
        return ids.isEmpty() ? null : ids.getFirst();
    }
}
