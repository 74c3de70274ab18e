package dev.gantry.worker.ratelimit;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RequestRate;
import dev.gantry.worker.execution.RequestPermits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * One rate limiter per environment in Redis, shared by every worker, so their requests together
 * stay at or under the plan's requests per second. Permits are fetched in batches of about 50 ms
 * worth and handed out locally: a step costs a Redis round trip only once per batch, not per request.
 */
@Component
class RedisRequestPermits implements RequestPermits {
    /** Batches hold this fraction of a second's permits. */
    private static final int BATCHES_PER_SECOND = 20;
    /**
     * The share of the plan's rate the limiter hands out: a request reaches the target a little
     * after its permit was taken (scheduling, connection pools), so permits of one second spill
     * into the next as the target sees them; this headroom keeps the target's own count at or
     * under the plan's rate.
     */
    static final double HEADROOM = 0.9;

    private final RedissonClient redis;
    private final RedisProperties properties;
    private final Map<RequestRate, Batch> batches = new ConcurrentHashMap<>();

    RedisRequestPermits(RedissonClient redis, RedisProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public void acquire(RequestRate rate) throws InterruptedException {
        batches.computeIfAbsent(rate, this::batch).take();
    }

    private Batch batch(RequestRate rate) {
        RRateLimiter limiter = redis.getRateLimiter(properties.keys().requestRate(rate.environmentId()));
        Duration second = Duration.ofSeconds(1);
        long perSecond = Math.max(1, (long) Math.floor(rate.perSecond() * HEADROOM));
        if (!limiter.trySetRate(RateType.OVERALL, perSecond, second)
                && limiter.getConfig().getRate() != perSecond) {
            // the plan changed since the limiter was made
            limiter.setRate(RateType.OVERALL, perSecond, second);
        }
        return new Batch(limiter, Math.max(1, perSecond / BATCHES_PER_SECOND));
    }

    /** Permits fetched from Redis and not yet spent by this worker. */
    private static final class Batch {
        private final RRateLimiter limiter;
        private final long size;
        private final ReentrantLock lock = new ReentrantLock();
        private long left;

        Batch(RRateLimiter limiter, long size) {
            this.limiter = limiter;
            this.size = size;
        }

        void take() throws InterruptedException {
            lock.lockInterruptibly();
            try {
                if (left == 0) {
                    // waits until the shared window has room; the others wait on the lock meanwhile
                    limiter.acquire(size);
                    left = size;
                }
                left--;
            } finally {
                lock.unlock();
            }
        }
    }
}
