package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Starts QUEUED runs as their tenant's plan allows (MaxConcurrentRuns): oldest first, each with a
 * run permit from a Redis semaphore shared by every control plane. A run is driven by the control
 * plane that admitted it, under a lease it renews in {@code runs.lease_until} while the run's job
 * runs here. When a control plane stops renewing (it died, or paused longer than a lease), another
 * one (or the same one, restarted) takes its runs over once the lease has lapsed for one more
 * lease, and finishes them from the JobRepository ({@link RunTakeover}); a control plane that is
 * stopped hands its runs over at once. The run's permit outlives its lease by two leases, so that
 * the control plane taking the run over carries the same permit on and the plan's limit holds
 * across a takeover; a permit whose run nobody took over comes back after that. Queued runs are
 * never dropped: every control plane looks for waiting runs on a short interval, besides right
 * after a trigger and after a run ends.
 */
@Component
class RunAdmission implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RunAdmission.class);
    /** Permit id of runs whose plan sets no limit: nothing to take or give back. */
    static final String UNLIMITED = "unlimited";
    /** Runs one control plane takes over at a tick: the rest wait for the next one (or another). */
    private static final int TAKEOVERS_PER_TICK = 10;

    private final JdbcTemplate jdbc;
    private final RunStore store;
    private final RedissonClient redis;
    private final RedisKeys keys;
    private final PlanService plans;
    private final RunLauncher launcher;
    private final RunTakeover takeover;
    private final RunHandover handover;
    private final RunsProperties properties;
    private final Clock clock;
    /** Runs admitted here and not ended: run id → tenant, for lease renewal. */
    private final Map<UUID, UUID> held = new ConcurrentHashMap<>();

    private final Map<UUID, Object> tenantLocks = new ConcurrentHashMap<>();
    private volatile Instant nextRenewal = Instant.EPOCH;
    private volatile Instant nextOrphanCheck = Instant.EPOCH;
    private volatile boolean running;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> ticking;

    RunAdmission(
            JdbcTemplate jdbc,
            RunStore store,
            RedissonClient redis,
            RedisProperties redisProperties,
            PlanService plans,
            RunLauncher launcher,
            RunTakeover takeover,
            RunHandover handover,
            RunsProperties properties,
            Clock clock,
            TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.store = store;
        this.redis = redis;
        this.keys = redisProperties.keys();
        this.plans = plans;
        this.launcher = launcher;
        this.takeover = takeover;
        this.handover = handover;
        this.properties = properties;
        this.clock = clock;
    }

    /** Admits the tenant's waiting runs, oldest first, while it has free run permits. */
    void admit(UUID tenantId) {
        synchronized (tenantLocks.computeIfAbsent(tenantId, k -> new Object())) {
            while (!handover.stopping()) {
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
                if (!store.admit(runId, handover.instance(), permit, now, now.plus(properties.permitLease()))) {
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
        Optional<RunStore.Lease> ended = store.endLease(runId);
        if (ended.isEmpty()) {
            return;
        }
        UUID tenantId = ended.get().tenantId();
        String permit = ended.get().permitId();
        if (permit != null) {
            release(tenantId, permit);
        }
        admit(tenantId);
    }

    /** Renews this control plane's leases, takes over runs whose control plane is gone, admits waiting runs. */
    void tick() {
        if (handover.stopping()) {
            return;
        }
        try {
            renewLeases();
            takeOverOrphans();
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
        UUID[] renewing = held.keySet().toArray(UUID[]::new);
        Set<UUID> renewed = new HashSet<>();
        for (RunStore.Lease row : store.renewLeases(renewing, handover.instance(), now.plus(lease))) {
            renewed.add(row.runId());
            String permit = row.permitId();
            if (permit != null && !permit.equals(UNLIMITED)) {
                boolean kept = semaphore(row.tenantId())
                        .updateLeaseTime(permit, permitLease().toMillis(), TimeUnit.MILLISECONDS);
                if (!kept) {
                    log.warn(
                            "run {}: its run permit expired before it was renewed (a pause longer than {})",
                            row.runId(),
                            lease);
                }
            }
        }
        for (UUID runId : renewing) {
            if (!renewed.contains(runId) && held.remove(runId) != null) {
                lost(runId);
            }
        }
    }

    /** A run held here ended meanwhile, or another control plane took it over while this one paused. */
    private void lost(UUID runId) {
        String owner = jdbc
                .queryForList(
                        "select admitted_by from runs where id = ? and status in ('QUEUED', 'RUNNING')",
                        String.class,
                        runId)
                .stream()
                .findFirst()
                .orElse(null);
        if (owner != null && !owner.equals(handover.instance())) {
            log.warn("run {} was taken over by {}: its job stops here", runId, owner);
            handover.lose(runId);
        }
    }

    /**
     * Claims runs whose control plane stopped renewing their lease one lease ago (or handed them
     * over), and carries them on. The guarded update lets one control plane claim each run. Looks
     * every tenth of a lease (at most every tick): an orphan's lease lapsed a whole lease ago, so a
     * tenth more is little, and an idle control plane reads ten times less.
     */
    private void takeOverOrphans() {
        Instant now = clock.instant();
        if (now.isBefore(nextOrphanCheck)) {
            return;
        }
        nextOrphanCheck = now.plus(properties.permitLease().dividedBy(10));
        List<RunStore.Lease> orphans = store.claimOrphans(
                handover.instance(),
                now.plus(properties.permitLease()),
                now.minus(properties.permitLease()),
                TAKEOVERS_PER_TICK);
        for (RunStore.Lease orphan : orphans) {
            UUID runId = orphan.runId();
            UUID tenantId = orphan.tenantId();
            carryPermit(runId, tenantId, orphan.permitId());
            held.put(runId, tenantId);
            log.warn("run {}: its control plane stopped; this one takes it over", runId);
            takeover.takeOver(runId);
        }
    }

    /**
     * The taken-over run keeps its permit while the permit lives; a permit that expired (every
     * control plane was gone for longer than its lease) is replaced by a free one when there is
     * one; otherwise the run goes on without, over its plan's limit rather than thrown away.
     */
    private void carryPermit(UUID runId, UUID tenantId, String permit) {
        if (permit == null || permit.equals(UNLIMITED)) {
            return;
        }
        if (semaphore(tenantId).updateLeaseTime(permit, permitLease().toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        String replacement = acquire(tenantId);
        if (replacement == null) {
            log.warn("run {}: its run permit expired and none is free; it goes on over its plan's limit", runId);
        }
        store.replacePermit(runId, replacement);
    }

    /**
     * Hands this control plane's runs over when it is stopped: their jobs stop sending partitions
     * (what workers run goes on), and their leases are marked lapsed for another control plane,
     * or this one started again, to take them over at its next tick.
     */
    @Override
    public void stop() {
        if (ticking != null) {
            // no tick after this one; the one under way, if any, sees the handover and does nothing
            ticking.cancel(false);
        }
        handover.stop();
        if (held.isEmpty()) {
            return;
        }
        try {
            if (!handover.awaitNoJobs(properties.permitLease())) {
                log.warn("runs' jobs still running after {}; handing them over anyway", properties.permitLease());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<UUID> handed = store.handOver(held.keySet().toArray(UUID[]::new), handover.instance());
        held.clear();
        log.info("stopping: {} runs handed over to the other control planes: {}", handed.size(), handed);
    }

    /** Ticks every {@code gantry.runs.admission-interval} from now on. */
    @Override
    public void start() {
        running = true;
        ticking = scheduler.scheduleWithFixedDelay(this::tick, properties.admissionInterval());
    }

    @Override
    public boolean isRunning() {
        return running && !handover.stopping();
    }

    /** Before the web server and the connections are stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** A run permit's lease: three of a run's, so that it outlives the run's takeover. */
    private Duration permitLease() {
        return properties.permitLease().multipliedBy(3);
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
            return semaphore.tryAcquire(0, permitLease().toMillis(), TimeUnit.MILLISECONDS);
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
