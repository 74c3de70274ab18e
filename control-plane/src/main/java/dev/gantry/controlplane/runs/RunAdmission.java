package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.RedisProperties;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.model.RedisKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts QUEUED runs as their tenant's plan allows (MaxConcurrentRuns): oldest first, each with a
 * run permit from a Redis semaphore shared by every control plane. Permits are leases: the control
 * plane that admitted a run renews its lease while the run's job runs here and releases it when
 * the run ends; a control plane that dies stops renewing, so its permits come back after one
 * lease and its runs are ended in ERROR. Queued runs are never dropped: every control plane looks
 * for waiting runs on a short interval, besides right after a trigger and after a run ends.
 */
@Component
class RunAdmission {
    private static final Logger log = LoggerFactory.getLogger(RunAdmission.class);
    /** Permit id of runs whose plan sets no limit: nothing to take or give back. */
    static final String UNLIMITED = "unlimited";
    /** This control plane, as {@code runs.admitted_by} names it. */
    static final String INSTANCE = ProcessHandle.current().pid() + "@" + hostName();

    private final JdbcTemplate jdbc;
    private final RedissonClient redis;
    private final RedisKeys keys;
    private final PlanService plans;
    private final RunLauncher launcher;
    private final RunsProperties properties;
    private final Clock clock;
    /** Runs admitted here and not ended: run id → tenant, for lease renewal. */
    private final Map<UUID, UUID> held = new ConcurrentHashMap<>();

    private final Map<UUID, Object> tenantLocks = new ConcurrentHashMap<>();
    private volatile Instant nextRenewal = Instant.EPOCH;

    RunAdmission(
            JdbcTemplate jdbc,
            RedissonClient redis,
            RedisProperties redisProperties,
            PlanService plans,
            RunLauncher launcher,
            RunsProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.keys = redisProperties.keys();
        this.plans = plans;
        this.launcher = launcher;
        this.properties = properties;
        this.clock = clock;
    }

    /** Admits the tenant's waiting runs, oldest first, while it has free run permits. */
    void admit(UUID tenantId) {
        synchronized (tenantLocks.computeIfAbsent(tenantId, k -> new Object())) {
            while (true) {
                List<UUID> oldest = jdbc.queryForList(
                        """
                        select id from runs where tenant_id = ? and status = 'QUEUED' and admitted_at is null
                        order by created_at, id limit 1
                        """,
                        UUID.class,
                        tenantId);
                if (oldest.isEmpty()) {
                    return;
                }
                String permit = acquire(tenantId);
                if (permit == null) {
                    // first in, first out: the oldest waits for the next free permit
                    return;
                }
                UUID runId = oldest.getFirst();
                Instant now = clock.instant();
                int claimed = jdbc.update(
                        """
                        update runs set admitted_at = ?, admitted_by = ?, permit_id = ?, lease_until = ?
                        where id = ? and status = 'QUEUED' and admitted_at is null
                        """,
                        Timestamp.from(now),
                        INSTANCE,
                        permit,
                        Timestamp.from(now.plus(properties.permitLease())),
                        runId);
                if (claimed == 0) {
                    // another control plane admitted it (or it was cancelled) meanwhile
                    release(tenantId, permit);
                    continue;
                }
                held.put(runId, tenantId);
                launcher.launch(runId);
            }
        }
    }

    /** Gives an ended run's permit back and admits the next waiting run of its tenant. */
    @EventListener
    void ended(RunEnded event) {
        UUID runId = event.runId();
        held.remove(runId);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "update runs set lease_until = null where id = ? returning tenant_id, permit_id", runId);
        if (rows.isEmpty()) {
            return;
        }
        UUID tenantId = (UUID) rows.getFirst().get("tenant_id");
        String permit = (String) rows.getFirst().get("permit_id");
        if (permit != null) {
            release(tenantId, permit);
        }
        admit(tenantId);
    }

    /** Renews this control plane's leases, ends runs whose control plane is gone, admits waiting runs. */
    @Scheduled(fixedDelayString = "${gantry.runs.admission-interval:500ms}")
    void tick() {
        try {
            renewLeases();
            endOrphans();
            // a fresh run is admitted by the control plane that took the trigger; the others step
            // in for runs that waited (their permit came free elsewhere, or that one is gone)
            jdbc.queryForList(
                            """
                            select distinct tenant_id from runs
                            where status = 'QUEUED' and admitted_at is null and created_at < ?
                            """,
                            UUID.class,
                            Timestamp.from(clock.instant()
                                    .minus(properties.admissionInterval().multipliedBy(2))))
                    .forEach(this::admit);
        } catch (RuntimeException e) {
            // the next tick tries again; a broken tick must not stop the schedule
            log.warn("run admission failed: {}", e.toString());
        }
    }

    /** Permits held in Redis by runs admitted here, per tenant (for the admin API). */
    Map<UUID, UUID> held() {
        return Map.copyOf(held);
    }

    private void renewLeases() {
        Instant now = clock.instant();
        if (held.isEmpty() || now.isBefore(nextRenewal)) {
            return;
        }
        Duration lease = properties.permitLease();
        nextRenewal = now.plus(lease.dividedBy(3));
        List<Map<String, Object>> rows = jdbc.queryForList(
                """
                update runs set lease_until = ? where id = any (?) and status in ('QUEUED', 'RUNNING')
                returning id, tenant_id, permit_id
                """,
                Timestamp.from(now.plus(lease)),
                held.keySet().toArray(UUID[]::new));
        for (Map<String, Object> row : rows) {
            String permit = (String) row.get("permit_id");
            if (permit != null && !permit.equals(UNLIMITED)) {
                boolean renewed = semaphore((UUID) row.get("tenant_id"))
                        .updateLeaseTime(permit, lease.toMillis(), TimeUnit.MILLISECONDS);
                if (!renewed) {
                    log.warn(
                            "run {}: its run permit expired before it was renewed (a pause longer than {})",
                            row.get("id"),
                            lease);
                }
            }
        }
    }

    /** Runs admitted by a control plane that stopped renewing their leases never finish: say so. */
    private void endOrphans() {
        Instant now = clock.instant();
        List<UUID> orphans = jdbc.queryForList(
                """
                update runs set status = 'ERROR', finished_at = ?, lease_until = null,
                    error_message = 'the control plane running this run stopped (its lease expired at '
                        || to_char(lease_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'
                where status in ('QUEUED', 'RUNNING') and admitted_at is not null and lease_until < ?
                returning id
                """,
                UUID.class,
                Timestamp.from(now),
                Timestamp.from(now.minus(properties.permitLease())));
        orphans.forEach(id -> log.error("run {} ended in ERROR: its control plane stopped renewing its lease", id));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private String acquire(UUID tenantId) {
        OptionalLong limit = plans.limit(tenantId, PlanLimit.MaxConcurrentRuns);
        if (limit.isEmpty()) {
            return UNLIMITED;
        }
        RPermitExpirableSemaphore semaphore = semaphore(tenantId);
        // the plan as it is now: a change applies to the next admission, never to running runs
        semaphore.setPermits((int) Math.min(Integer.MAX_VALUE, limit.getAsLong()));
        try {
            return semaphore.tryAcquire(0, properties.permitLease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void release(UUID tenantId, String permit) {
        if (!permit.equals(UNLIMITED)) {
            semaphore(tenantId).tryRelease(permit);
        }
    }

    private RPermitExpirableSemaphore semaphore(UUID tenantId) {
        return redis.getPermitExpirableSemaphore(keys.runPermits(tenantId));
    }
}
