package dev.gantry.worker.cancellation;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.execution.InFlightRequests;
import dev.gantry.worker.execution.RunCancellation;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Watches the runs this worker is executing for the control plane's cancellation flag (a Redis
 * key per run). One background tick reads the flags of all runs active here in one pipelined
 * batch; the work items ask {@link #cancelled} from memory, so the hot path never waits on Redis.
 * When a flag appears, the run's HTTP requests under way are aborted.
 */
@Component
public class CancellationWatch implements RunCancellation {
    private static final Logger log = LoggerFactory.getLogger(CancellationWatch.class);
    /** A run not asked about for this long is no longer watched. */
    private static final long FORGET_AFTER_NANOS = Duration.ofSeconds(30).toNanos();

    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final InFlightRequests inFlight;
    private final Map<UUID, Long> watched = new ConcurrentHashMap<>();
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    private final TaskScheduler scheduler;
    private final Duration interval;
    private ScheduledFuture<?> ticking;

    CancellationWatch(
            RedissonClient redisson,
            RedisProperties redis,
            InFlightRequests inFlight,
            TaskScheduler scheduler,
            WorkerProperties properties) {
        this.redisson = redisson;
        this.keys = redis.keys();
        this.inFlight = inFlight;
        this.scheduler = scheduler;
        this.interval = properties.cancelCheckTick();
    }

    /**
     * Ticks from the bean's start to its destruction: through a stopping worker's wait for its
     * partitions too (the consumers' lifecycle stop comes before), so a run cancelled then still
     * stops its chains.
     */
    @PostConstruct
    void start() {
        ticking = scheduler.scheduleWithFixedDelay(
                this::tick, scheduler.getClock().instant().plus(interval), interval);
    }

    @Override
    public boolean cancelled(UUID runId) {
        if (cancelled.contains(runId)) {
            return true;
        }
        if (watched.put(runId, System.nanoTime()) == null) {
            // first time this run is seen here (a partition starts): one direct read, so that a
            // partition of an already cancelled run does not start a single chain
            if (redisson.getBucket(keys.cancelled(runId), StringCodec.INSTANCE).isExists()) {
                cancelled.add(runId);
                return true;
            }
        }
        return false;
    }

    private void tick() {
        if (watched.isEmpty()) {
            return;
        }
        try {
            long now = System.nanoTime();
            watched.entrySet().removeIf(e -> now - e.getValue() > FORGET_AFTER_NANOS);
            List<UUID> runs = List.copyOf(watched.keySet());
            RBatch batch = redisson.createBatch();
            runs.forEach(run ->
                    batch.getBucket(keys.cancelled(run), StringCodec.INSTANCE).isExistsAsync());
            List<?> answers = batch.execute().getResponses();
            for (int i = 0; i < runs.size(); i++) {
                UUID run = runs.get(i);
                if (Boolean.TRUE.equals(answers.get(i)) && cancelled.add(run)) {
                    int aborted = inFlight.abort(run);
                    log.info("run {} was cancelled: {} HTTP requests under way aborted", run, aborted);
                }
            }
            // aborted requests of chains still finishing their current step
            for (UUID run : cancelled) {
                if (watched.containsKey(run)) {
                    inFlight.abort(run);
                }
            }
            cancelled.removeIf(run -> !watched.containsKey(run));
        } catch (RuntimeException e) {
            log.warn("checking runs for cancellation failed; trying again at the next tick: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        ticking.cancel(true);
    }
}
