package dev.gantry.controlplane.admin;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.plans.SubscriptionStatus;
import dev.gantry.controlplane.security.TenantProvisioning;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plans and subscriptions for operators: plans are rows with limits as rows (null = unlimited),
 * a tenant's plan changes by ending its subscription and starting another, kept as history. A
 * change applies from the next run; runs already admitted keep going.
 */
@RestController
class PlanAdminController {
    /** {@code limits}: limit name → value, null meaning unlimited; absent names are unlimited too. */
    record PlanRequest(String name, String description, Map<String, Long> limits) {}

    record PlanResponse(UUID id, String name, String description, Map<String, Long> limits) {}

    record SubscriptionRequest(String plan, String status) {}

    record SubscriptionResponse(String plan, SubscriptionStatus status, Instant startedAt, Instant endedAt) {}

    record TenantResponse(
            UUID id,
            String name,
            String plan,
            Map<String, Long> limits,
            PlanService.Usage usage,
            long runsRunning,
            long runsQueued,
            List<SubscriptionResponse> subscriptions) {}

    /** A tenant in the operators' list: its plan, its subscription's status and its runs now. */
    record TenantSummary(
            UUID id,
            String name,
            String plan,
            SubscriptionStatus subscription,
            boolean operator,
            long runsRunning,
            long runsQueued,
            Instant createdAt) {}

    static final int MAX_TENANTS = 500;

    private final PlanService plans;
    private final TenantProvisioning tenants;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PlanAdminController(PlanService plans, TenantProvisioning tenants, JdbcTemplate jdbc, Clock clock) {
        this.plans = plans;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/api/v1/admin/plans")
    List<PlanResponse> plans() {
        return jdbc.query("select id, name, description from plans order by name", (rs, i) -> {
            UUID id = rs.getObject(1, UUID.class);
            return new PlanResponse(id, rs.getString(2), rs.getString(3), limitsOf(id));
        });
    }

    @PostMapping("/api/v1/admin/plans")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    PlanResponse createPlan(@RequestBody PlanRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            violations.add(new FieldViolation("name", "must be 1..100 characters"));
        }
        Map<String, Long> limits = request.limits() == null ? Map.of() : request.limits();
        limits.forEach((name, value) -> {
            if (Arrays.stream(PlanLimit.values()).noneMatch(l -> l.name().equals(name))) {
                violations.add(new FieldViolation(
                        "limits." + name, "unknown limit; use one of " + Arrays.toString(PlanLimit.values())));
            } else if (value != null && value < 0) {
                violations.add(new FieldViolation("limits." + name, "must not be negative (null = unlimited)"));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (plans.planIdByName(request.name()) != null) {
            throw new ConflictException("name", "a plan named '" + request.name() + "' already exists");
        }
        UUID id = UUID.randomUUID();
        plans.createPlan(id, request.name(), request.description(), limits);
        return new PlanResponse(id, request.name(), request.description(), limitsOf(id));
    }

    /** Moves a tenant to a plan and/or subscription status; the old subscription is kept as history. */
    @PutMapping("/api/v1/admin/tenants/{tenantId}/subscription")
    @Transactional
    TenantResponse changeSubscription(@PathVariable UUID tenantId, @RequestBody SubscriptionRequest request) {
        requireTenant(tenantId);
        UUID planId = request.plan() == null ? null : plans.planIdByName(request.plan());
        if (request.plan() != null && planId == null) {
            throw new InvalidInputException("plan", "unknown plan '" + request.plan() + "'");
        }
        SubscriptionStatus status = SubscriptionStatus.ACTIVE;
        if (request.status() != null) {
            try {
                status = SubscriptionStatus.valueOf(
                        request.status().toUpperCase(Locale.ROOT).replace(' ', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "status",
                        "unknown status '" + request.status() + "'; use one of "
                                + Arrays.toString(SubscriptionStatus.values()));
            }
        }
        if (planId == null) {
            planId = jdbc.queryForObject("select plan_id from tenants where id = ?", UUID.class, tenantId);
        }
        tenants.changeSubscription(tenantId, planId, status.name());
        return tenant(tenantId);
    }

    /** The farm's tenants by name, a page at a time, with what each is running and waiting for. */
    @GetMapping("/api/v1/admin/tenants")
    List<TenantSummary> tenants(
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_TENANTS) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_TENANTS);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must not be negative");
        }
        if (q != null && q.length() > 100) {
            throw new InvalidInputException("q", "at most 100 characters");
        }
        String like = q == null || q.isBlank()
                ? "%"
                : "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.query(
                """
                with active as (
                    select tenant_id, count(*) filter (where status = 'RUNNING') as running,
                        count(*) filter (where status = 'QUEUED') as queued
                    from runs where status in ('QUEUED', 'RUNNING') group by tenant_id)
                select t.id, t.name, p.name, s.status, t.operator, t.created_at,
                    coalesce(a.running, 0), coalesce(a.queued, 0)
                from tenants t join plans p on p.id = t.plan_id
                left join subscriptions s on s.tenant_id = t.id and s.ended_at is null
                left join active a on a.tenant_id = t.id
                where t.name ilike ?
                order by t.name limit ? offset ?
                """,
                (rs, i) -> new TenantSummary(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4) == null ? null : SubscriptionStatus.valueOf(rs.getString(4)),
                        rs.getBoolean(5),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getTimestamp(6).toInstant()),
                like,
                limit,
                offset);
    }

    @GetMapping("/api/v1/admin/tenants/{tenantId}")
    TenantResponse tenant(@PathVariable UUID tenantId) {
        requireTenant(tenantId);
        Map<String, Object> row = jdbc.queryForMap(
                """
                select t.name, p.name as plan, t.plan_id,
                    (select count(*) from runs r where r.tenant_id = t.id and r.status = 'RUNNING') as running,
                    (select count(*) from runs r where r.tenant_id = t.id and r.status = 'QUEUED') as queued
                from tenants t join plans p on p.id = t.plan_id where t.id = ?
                """,
                tenantId);
        List<SubscriptionResponse> history = jdbc.query(
                """
                select p.name, s.status, s.started_at, s.ended_at from subscriptions s join plans p on p.id = s.plan_id
                where s.tenant_id = ? order by s.started_at desc, s.ended_at desc nulls first
                """,
                (rs, i) -> new SubscriptionResponse(
                        rs.getString(1),
                        SubscriptionStatus.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()),
                tenantId);
        return new TenantResponse(
                tenantId,
                (String) row.get("name"),
                (String) row.get("plan"),
                limitsOf((UUID) row.get("plan_id")),
                plans.usage(tenantId, clock.instant()),
                ((Number) row.get("running")).longValue(),
                ((Number) row.get("queued")).longValue(),
                history);
    }

    private void requireTenant(UUID tenantId) {
        if (jdbc.queryForList("select 1 from tenants where id = ?", tenantId).isEmpty()) {
            throw new NotFoundException("tenant", tenantId);
        }
    }

    private Map<String, Long> limitsOf(UUID planId) {
        Map<String, Long> limits = new LinkedHashMap<>();
        jdbc.query(
                "select limit_name, limit_value from plan_limits where plan_id = ? order by limit_name",
                rs -> {
                    limits.put(rs.getString(1), (Long) rs.getObject(2, Long.class));
                },
                planId);
        return limits;
    }
}
