package dev.gantry.worker.fleet;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.WorkerInfo;
import dev.gantry.worker.operations.WorkerActivity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces this worker in Redis (an entry renewed every few seconds, gone soon after the worker)
 * and follows operators' drain requests: a drained worker stops consuming partition requests (the
 * partitions it holds finish, or go back to the queue after the shutdown timeout and are resumed
 * elsewhere from their last chunk) until the drain is lifted.
 */
@Component
public class WorkerRegistry implements SmartLifecycle {
    /** The inbound adapter's endpoint id (PartitionIntakeConfiguration). */
    public static final String CONSUMER = "partitionConsumer";

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(3);
    private static final Duration ENTRY_TTL = HEARTBEAT.multipliedBy(5);

    private final RedissonClient redis;
    private final RedisKeys keys;
    private final ApplicationContext context;
    private final WorkerActivity activity;
    private final JsonMapper json;
    private final Clock clock;
    private final String id;
    private final String host;
    private final Instant startedAt;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> ticking;
    private int listener = -1;
    private volatile boolean draining;
    private volatile boolean running;

    WorkerRegistry(
            RedissonClient redis,
            RedisProperties properties,
            ApplicationContext context,
            WorkerActivity activity,
            JsonMapper json,
            Clock clock,
            TaskScheduler scheduler) {
        this.redis = redis;
        this.scheduler = scheduler;
        this.keys = properties.keys();
        this.context = context;
        this.activity = activity;
        this.json = json;
        this.clock = clock;
        this.host = hostName();
        // several workers may share a host, and a pid (worker contexts in one test JVM)
        this.id = host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        this.startedAt = clock.instant();
    }

    public String id() {
        return id;
    }

    public boolean draining() {
        return draining;
    }

    @Override
    public void start() {
        running = true;
        listener = redis.getTopic(keys.workerCommands(), StringCodec.INSTANCE)
                .addListener(String.class, (channel, workerId) -> {
                    if (workerId.equals(id)) {
                        Thread.ofVirtual().start(this::heartbeat);
                    }
                });
        ticking = scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT);
    }

    /** Follows the drain set, then renews this worker's entry. */
    synchronized void heartbeat() {
        if (!running) {
            return;
        }
        try {
            boolean wanted =
                    redis.getSet(keys.workerDrains(), StringCodec.INSTANCE).contains(id);
            if (wanted != draining) {
                Lifecycle consumer = context.getBean(CONSUMER, Lifecycle.class);
                if (wanted) {
                    log.info("worker {} drains: it takes no new partitions", id);
                    consumer.stop();
                } else {
                    log.info("worker {} takes partitions again", id);
                    consumer.start();
                }
                draining = wanted;
            }
            WorkerInfo info =
                    new WorkerInfo(id, host, startedAt, clock.instant(), draining, activity.activePartitions());
            RMapCache<String, String> workers = redis.getMapCache(keys.workers(), StringCodec.INSTANCE);
            workers.fastPut(id, json.writeValueAsString(info), ENTRY_TTL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.warn("worker heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (ticking != null) {
            ticking.cancel(true);
        }
        try {
            if (listener >= 0) {
                redis.getTopic(keys.workerCommands(), StringCodec.INSTANCE).removeListener(listener);
            }
            redis.getMapCache(keys.workers(), StringCodec.INSTANCE).fastRemove(id);
        } catch (RuntimeException e) {
            log.debug("could not deregister worker {}: {}", id, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the Redis client and the consumers, starts after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
