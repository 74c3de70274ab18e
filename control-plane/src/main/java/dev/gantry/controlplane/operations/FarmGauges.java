package dev.gantry.controlplane.operations;

import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.infrastructure.MessagingProperties;
import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The farm's state as gauges: runs queued and running and partitions in flight per tenant, the age of
 * the oldest queued run, the partition queue's depth and consumers in RabbitMQ, and each tenant's plan
 * limits beside its usage. Read every {@code gantry.metrics.refresh-interval} by a few grouped
 * queries (never per scrape, never on the hot path). Every control-plane replica publishes the same
 * values, so dashboards take {@code max} over instances, not {@code sum}.
 *
 * <p>The {@code tenant} tag holds the tenant's id, never its name (free text of the users'): one
 * series per tenant and gauge, bounded by the tenants of the installation (every tenant gets one, zeros included, so a tenant's line never
 * disappears from a graph).
 */
@Component
class FarmGauges implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FarmGauges.class);
    /** The limits that have a usage gauge to compare with. */
    static final List<PlanLimit> WATCHED_LIMITS =
            List.of(PlanLimit.MaxTestRunsPerMonth, PlanLimit.MaxConcurrentRuns, PlanLimit.MaxParallelPartitions);

    private final JdbcTemplate jdbc;
    private final AmqpAdmin amqp;
    private final String partitionQueue;
    private final Clock clock;
    private final Duration interval;

    private final MultiGauge queued;
    private final MultiGauge active;
    private final MultiGauge month;
    private final MultiGauge partitionsInFlight;
    private final MultiGauge limits;
    private final AtomicLong oldestQueuedSeconds = new AtomicLong();
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong queueConsumers = new AtomicLong();

    private final TaskScheduler scheduler;
    private ScheduledFuture<?> ticking;
    private volatile boolean failing;

    FarmGauges(
            JdbcTemplate jdbc,
            AmqpAdmin amqp,
            MessagingProperties messaging,
            MeterRegistry meters,
            MetricsProperties properties,
            Clock clock,
            TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.amqp = amqp;
        this.partitionQueue = messaging.names().partitionQueue();
        this.clock = clock;
        this.interval = properties.refreshInterval();
        queued = MultiGauge.builder(MetricNames.RUNS_QUEUED)
                .description("runs waiting in QUEUED")
                .register(meters);
        active = MultiGauge.builder(MetricNames.RUNS_ACTIVE)
                .description("runs in RUNNING")
                .register(meters);
        month = MultiGauge.builder(MetricNames.RUNS_THIS_MONTH)
                .description("runs created since the start of the month (UTC)")
                .register(meters);
        partitionsInFlight = MultiGauge.builder(MetricNames.PARTITIONS_IN_FLIGHT)
                .description("partitions being executed by a worker now")
                .register(meters);
        limits = MultiGauge.builder(MetricNames.PLAN_LIMIT)
                .description("a plan limit as it applies to a tenant")
                .register(meters);
        Gauge.builder(MetricNames.RUNS_QUEUE_OLDEST_AGE, oldestQueuedSeconds, AtomicLong::get)
                .description("age of the oldest QUEUED run")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder(MetricNames.PARTITION_QUEUE_DEPTH, queueDepth, AtomicLong::get)
                .description("partition requests waiting in RabbitMQ")
                .register(meters);
        Gauge.builder(MetricNames.PARTITION_QUEUE_CONSUMERS, queueConsumers, AtomicLong::get)
                .description("consumers on the partition queue (workers x partitions each)")
                .register(meters);
        // registered up front so that a dashboard shows it before the first run starts
        Timer.builder(MetricNames.RUN_QUEUE_WAIT)
                .description("time from a run's trigger to its job starting")
                .register(meters);
    }

    /** Reads PostgreSQL and RabbitMQ once and moves every gauge. */
    void refresh() {
        Instant now = clock.instant();
        Instant monthStart = ZonedDateTime.ofInstant(now, ZoneOffset.UTC)
                .withDayOfMonth(1)
                .toLocalDate()
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        List<MultiGauge.Row<?>> queuedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> activeRows = new ArrayList<>();
        List<MultiGauge.Row<?>> monthRows = new ArrayList<>();
        jdbc.query(
                """
                select t.id::text,
                       count(r.id) filter (where r.status = 'QUEUED'),
                       count(r.id) filter (where r.status = 'RUNNING'),
                       count(r.id) filter (where r.created_at >= ?)
                from tenants t
                left join runs r on r.tenant_id = t.id and (r.status in ('QUEUED', 'RUNNING') or r.created_at >= ?)
                group by t.id
                """,
                rs -> {
                    Tags tenant = Tags.of("tenant", rs.getString(1));
                    queuedRows.add(MultiGauge.Row.of(tenant, rs.getLong(2)));
                    activeRows.add(MultiGauge.Row.of(tenant, rs.getLong(3)));
                    monthRows.add(MultiGauge.Row.of(tenant, rs.getLong(4)));
                },
                Timestamp.from(monthStart),
                Timestamp.from(monthStart));

        Map<String, Long> inFlight = new HashMap<>();
        jdbc.query("select id::text from tenants", rs -> {
            inFlight.put(rs.getString(1), 0L);
        });
        jdbc.query(
                """
                select t.id::text, count(*)
                from runs r
                join run_partitions p on p.run_id = r.id
                join tenants t on t.id = r.tenant_id
                where r.status = 'RUNNING' and p.status = 'RUNNING'
                group by t.id
                """,
                rs -> {
                    inFlight.put(rs.getString(1), rs.getLong(2));
                });

        List<MultiGauge.Row<?>> limitRows = new ArrayList<>();
        jdbc.query(
                """
                select t.id::text, pl.name, l.limit_name, l.limit_value
                from tenants t
                join plans pl on pl.id = t.plan_id
                join plan_limits l on l.plan_id = t.plan_id
                where l.limit_value is not null and l.limit_name in (?, ?, ?)
                """,
                rs -> {
                    limitRows.add(MultiGauge.Row.of(
                            Tags.of("tenant", rs.getString(1), "plan", rs.getString(2), "limit", rs.getString(3)),
                            rs.getLong(4)));
                },
                WATCHED_LIMITS.stream().map(Enum::name).toArray());

        Timestamp oldest =
                jdbc.queryForObject("select min(created_at) from runs where status = 'QUEUED'", Timestamp.class);
        oldestQueuedSeconds.set(
                oldest == null
                        ? 0
                        : Math.max(0, Duration.between(oldest.toInstant(), now).toSeconds()));

        queued.register(queuedRows, true);
        active.register(activeRows, true);
        month.register(monthRows, true);
        partitionsInFlight.register(
                inFlight.entrySet().stream()
                        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("tenant", e.getKey()), e.getValue()))
                        .toList(),
                true);
        limits.register(limitRows, true);

        QueueInformation queue = amqp.getQueueInfo(partitionQueue);
        queueDepth.set(queue == null ? 0 : queue.getMessageCount());
        queueConsumers.set(queue == null ? 0 : queue.getConsumerCount());
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                log.info("farm gauges are readable again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // once per streak of failures: a database or broker outage must not flood the log
            if (!failing) {
                log.warn("cannot refresh the farm gauges: {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        ticking = scheduler.scheduleWithFixedDelay(this::refreshQuietly, interval);
    }

    @Override
    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(true);
            ticking = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticking != null;
    }
}
