package dev.gantry.worker.operations;

import dev.gantry.model.MetricNames;
import dev.gantry.model.WorkItem;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.execution.ChainResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemProcessListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * What a worker is doing now, for its gauges: busy and idle chain slots, partitions in progress,
 * and a heartbeat. A listener of the worker step: Spring Batch calls {@link #beforeProcess} and
 * {@link #afterProcess} on the virtual thread that executes the chain, so two atomic increments per
 * chain are the whole hot-path cost (no locks, no tag lookups).
 */
@Component
public class WorkerActivity
        implements ItemProcessListener<WorkItem, ChainResult>, StepExecutionListener, DisposableBean {
    /** How often the heartbeat gauge moves. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    private final AtomicInteger busyChains = new AtomicInteger();
    /** By step execution: a step whose first listener failed is ended without having begun here. */
    private final Set<Long> activePartitions = ConcurrentHashMap.newKeySet();

    private final AtomicLong heartbeat = new AtomicLong();
    private final ScheduledFuture<?> ticking;
    private final int slots;

    WorkerActivity(WorkerProperties properties, MeterRegistry meters, Clock clock, TaskScheduler scheduler) {
        this.slots = properties.partitions() * properties.concurrency();
        Gauge.builder(MetricNames.WORKER_SLOTS, busyChains, AtomicInteger::get)
                .tag("state", "busy")
                .description("chain slots executing a chain now")
                .register(meters);
        Gauge.builder(MetricNames.WORKER_SLOTS, this, WorkerActivity::idleSlots)
                .tag("state", "idle")
                .description("chain slots free for work")
                .register(meters);
        Gauge.builder(MetricNames.WORKER_PARTITIONS_ACTIVE, activePartitions, Set::size)
                .description("partitions this worker is executing now")
                .register(meters);
        Gauge.builder(MetricNames.WORKER_HEARTBEAT, heartbeat, AtomicLong::get)
                .description("epoch second of this worker's last heartbeat")
                .baseUnit("seconds")
                .register(meters);
        // registered up front (with its histogram) so that a worker that has run nothing yet shows it too
        Timer.builder(MetricNames.STEP_DURATION)
                .description("duration of executed steps")
                .tag("environment", EnvironmentTags.OTHER)
                .register(meters);
        heartbeat.set(clock.millis() / 1000);
        ticking = scheduler.scheduleAtFixedRate(
                () -> heartbeat.set(clock.millis() / 1000),
                scheduler.getClock().instant().plus(HEARTBEAT_INTERVAL),
                HEARTBEAT_INTERVAL);
    }

    /** Chains executing now. */
    public int busySlots() {
        return busyChains.get();
    }

    /** Partitions this worker executes now. */
    public int activePartitions() {
        return activePartitions.size();
    }

    double idleSlots() {
        return Math.max(0, slots - busyChains.get());
    }

    @Override
    public void beforeProcess(WorkItem item) {
        busyChains.incrementAndGet();
    }

    @Override
    public void afterProcess(WorkItem item, ChainResult result) {
        busyChains.decrementAndGet();
    }

    @Override
    public void onProcessError(WorkItem item, Exception e) {
        busyChains.decrementAndGet();
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        activePartitions.add(stepExecution.getId());
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        activePartitions.remove(stepExecution.getId());
        return null;
    }

    @Override
    public void destroy() {
        ticking.cancel(true);
    }
}
