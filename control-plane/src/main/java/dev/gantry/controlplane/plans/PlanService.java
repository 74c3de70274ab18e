package dev.gantry.controlplane.plans;

import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Reads a tenant's plan limits (rows of {@code plan_limits}; a null value means unlimited). */
@Service
public class PlanService {
    /** Retention when a plan does not say: details must expire some day. */
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final JdbcTemplate jdbc;

    private final MeterRegistry meters;

    PlanService(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        // every refusal series exists from the start, at 0, so dashboards and alerts see it
        for (PlanLimit limit : PlanLimit.values()) {
            refusals(limit.name());
        }
        refusals(SUBSCRIPTION);
    }

    private static final String SUBSCRIPTION = "Subscription";

    /**
     * Stores a new plan with a value for every {@link PlanLimit} (a limit missing from
     * {@code limits}, or null, is unlimited).
     */
    public void createPlan(UUID id, String name, String description, Map<String, Long> limits) {
        jdbc.update("insert into plans (id, name, description) values (?, ?, ?)", id, name, description);
        for (PlanLimit limit : PlanLimit.values()) {
            jdbc.update(
                    "insert into plan_limits (plan_id, limit_name, limit_value) values (?, ?, ?)",
                    id,
                    limit.name(),
                    limits.get(limit.name()));
        }
    }

    private Counter refusals(String limit) {
        return Counter.builder(MetricNames.PLAN_REFUSALS)
                .description("requests a plan refused")
                .tag("limit", limit)
                .register(meters);
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

    public String planName(UUID tenantId) {
        return jdbc.queryForObject(
                "select p.name from tenants t join plans p on p.id = t.plan_id where t.id = ?", String.class, tenantId);
    }

    /**
     * Refuses a creation that would take the tenant beyond a create-time limit. The tenant row is
     * locked for the rest of the caller's transaction, so two concurrent creations are counted one
     * after the other instead of both passing the check.
     *
     * @param usage counts what the tenant holds now (run after the lock)
     */
    public void checkCreate(UUID tenantId, PlanLimit limit, LongSupplier usage, String what) {
        OptionalLong allowed = limit(tenantId, limit);
        if (allowed.isEmpty()) {
            return;
        }
        jdbc.queryForObject("select id from tenants where id = ? for update", UUID.class, tenantId);
        long used = usage.getAsLong();
        if (used >= allowed.getAsLong()) {
            refusals(limit.name()).increment();
            throw new PlanLimitException(limit, allowed.getAsLong(), used, planName(tenantId), what);
        }
    }

    /**
     * Locks the tenant row for the rest of the caller's transaction when its plan has the limit,
     * before a bulk creation (an import, a generation) writes anything: then {@link #checkAdded}
     * counts with the same lock, so the bulk and concurrent single creations, which lock the same
     * row first as well ({@link #checkCreate}), are counted one after the other, never deadlocked.
     */
    public void holdLimit(UUID tenantId, PlanLimit limit) {
        if (limit(tenantId, limit).isPresent()) {
            jdbc.queryForObject("select id from tenants where id = ? for update", UUID.class, tenantId);
        }
    }

    /**
     * Refuses a bulk creation that took the tenant beyond a create-time limit, after it wrote (and
     * flushed) what it created in the caller's transaction, which then rolls back whole. Call
     * {@link #holdLimit} first.
     *
     * @param added      what the creation added
     * @param usageAfter counts what the tenant holds now, the additions included
     */
    public void checkAdded(UUID tenantId, PlanLimit limit, long added, LongSupplier usageAfter, String what) {
        OptionalLong allowed = limit(tenantId, limit);
        if (allowed.isEmpty() || added == 0) {
            return;
        }
        jdbc.queryForObject("select id from tenants where id = ? for update", UUID.class, tenantId);
        long after = usageAfter.getAsLong();
        if (after > allowed.getAsLong()) {
            refusals(limit.name()).increment();
            throw new PlanLimitException(limit, allowed.getAsLong(), after - added, planName(tenantId), what);
        }
    }

    /** Refuses something of {@code size} (a specification's endpoints) beyond the plan's limit. */
    public void checkAtMost(UUID tenantId, PlanLimit limit, long size, String what) {
        OptionalLong allowed = limit(tenantId, limit);
        if (allowed.isPresent() && size > allowed.getAsLong()) {
            refusals(limit.name()).increment();
            throw new PlanLimitException(limit, allowed.getAsLong(), size, planName(tenantId), what);
        }
    }

    /**
     * Counts a run (and its steps) in the tenant's current month, inside the trigger's
     * transaction. One conditional upsert: when two triggers race for the last run of the quota,
     * the row lock lets exactly one through.
     */
    public void countRun(UUID tenantId, long steps, Instant now) {
        List<String> status = jdbc.queryForList(
                "select status from subscriptions where tenant_id = ? and ended_at is null", String.class, tenantId);
        if (!status.isEmpty() && !SubscriptionStatus.valueOf(status.getFirst()).mayRun()) {
            refusals(SUBSCRIPTION).increment();
            throw new SubscriptionInactiveException(SubscriptionStatus.valueOf(status.getFirst()));
        }
        LocalDate period = periodStart(now);
        long max = limit(tenantId, PlanLimit.MaxTestRunsPerMonth).orElse(Long.MAX_VALUE);
        List<Long> counted = max <= 0
                ? List.of()
                : jdbc.queryForList(
                        """
                        insert into tenant_usage (tenant_id, period_start, runs, steps) values (?, ?, 1, ?)
                        on conflict (tenant_id, period_start) do update
                            set runs = tenant_usage.runs + 1, steps = tenant_usage.steps + excluded.steps
                            where tenant_usage.runs < ?
                        returning runs
                        """,
                        Long.class,
                        tenantId,
                        period,
                        steps,
                        max);
        if (counted.isEmpty()) {
            refusals(PlanLimit.MaxTestRunsPerMonth.name()).increment();
            throw new RunQuotaExceededException(max, planName(tenantId), periodEnd(now));
        }
    }

    /** Adds the bytes of a run's step details to the month the run was triggered in. */
    public void countDetailBytes(UUID tenantId, Instant triggeredAt, long bytes) {
        jdbc.update(
                """
                insert into tenant_usage (tenant_id, period_start, detail_bytes) values (?, ?, ?)
                on conflict (tenant_id, period_start) do update
                    set detail_bytes = tenant_usage.detail_bytes + excluded.detail_bytes
                """,
                tenantId,
                periodStart(triggeredAt),
                bytes);
    }

    /**
     * The tenant's month that holds {@code now}: runs triggered, their steps and the bytes of their
     * step details; and what it holds now: projects.
     */
    public Usage usage(UUID tenantId, Instant now) {
        LocalDate period = periodStart(now);
        long projects = jdbc.queryForObject("select count(*) from projects where tenant_id = ?", Long.class, tenantId);
        List<Usage> rows = jdbc.query(
                "select runs, steps, detail_bytes from tenant_usage where tenant_id = ? and period_start = ?",
                (rs, i) -> new Usage(period, rs.getLong(1), rs.getLong(2), rs.getLong(3), projects),
                tenantId,
                period);
        return rows.isEmpty() ? new Usage(period, 0, 0, 0, projects) : rows.getFirst();
    }

    public record Usage(LocalDate periodStart, long runs, long steps, long detailBytes, long projects) {}

    /** Usage periods are calendar months in UTC. */
    static LocalDate periodStart(Instant now) {
        return now.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }

    static Instant periodEnd(Instant now) {
        return periodStart(now).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public UUID planIdByName(String name) {
        List<UUID> ids =
                jdbc.query("select id from plans where name = ?", (rs, i) -> rs.getObject(1, UUID.class), name);
        return ids.isEmpty() ? null : ids.getFirst();
    }
}
