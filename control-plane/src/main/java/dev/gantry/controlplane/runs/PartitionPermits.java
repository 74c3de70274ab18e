package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.infrastructure.RedisProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's permits for partitions out at once (its plan's MaxParallelPartitions), shared by
 * every run, every coverage job and every control plane through a lease-based Redis semaphore: a
 * control plane that dies stops renewing its permits, and they come back after one lease.
 */
@Component
public class PartitionPermits {
    private final JdbcTemplate jdbc;
    private final RedissonClient redis;
    private final RedisProperties redisProperties;
    private final PlanService plans;
    private final Duration lease;

    PartitionPermits(
            JdbcTemplate jdbc,
            RedissonClient redis,
            RedisProperties redisProperties,
            PlanService plans,
            RunsProperties properties) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.plans = plans;
        this.lease = properties.permitLease();
    }

    /** The run's tenant. */
    UUID tenantOfRun(UUID runId) {
        return jdbc.queryForObject("select tenant_id from runs where id = ?", UUID.class, runId);
    }

    /** The tenant's permits, as its plan says now. */
    Tenant forTenant(UUID tenantId) {
        OptionalLong limit = plans.limit(tenantId, PlanLimit.MaxParallelPartitions);
        if (limit.isEmpty()) {
            return Tenant.NONE;
        }
        RPermitExpirableSemaphore semaphore =
                redis.getPermitExpirableSemaphore(redisProperties.keys().partitionPermits(tenantId));
        semaphore.setPermits((int) Math.min(Integer.MAX_VALUE, limit.getAsLong()));
        return new Tenant(semaphore, lease);
    }

    /**
     * One tenant's semaphore, as one run's dispatcher uses it; without one (no limit) every
     * partition may go at once.
     */
    static final class Tenant {
        static final String UNLIMITED = "unlimited";
        static final Tenant NONE = new Tenant(null, Duration.ZERO);

        private final RPermitExpirableSemaphore semaphore;
        private final Duration lease;
        private long renewedAt = System.nanoTime();

        Tenant(RPermitExpirableSemaphore semaphore, Duration lease) {
            this.semaphore = semaphore;
            this.lease = lease;
        }

        boolean unlimited() {
            return semaphore == null;
        }

        /** A permit, or null when the tenant has as many partitions out as its plan allows. */
        String tryAcquire() throws InterruptedException {
            return unlimited() ? UNLIMITED : semaphore.tryAcquire(0, lease.toMillis(), TimeUnit.MILLISECONDS);
        }

        void release(Collection<String> permits) {
            if (!unlimited() && !permits.isEmpty()) {
                permits.forEach(semaphore::tryRelease);
            }
        }

        /** Gives one permit back; Redis out of reach leaves it to expire with its lease. */
        void releaseQuietly(String permit) {
            try {
                release(List.of(permit));
            } catch (RuntimeException e) {
                // it comes back when its lease ends
            }
        }

        /** Extends the leases of the permits still held, every third of a lease (not every poll). */
        void renew(Collection<String> permits) {
            long now = System.nanoTime();
            if (unlimited() || now - renewedAt < lease.toNanos() / 3) {
                return;
            }
            renewedAt = now;
            permits.forEach(p -> semaphore.updateLeaseTime(p, lease.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
