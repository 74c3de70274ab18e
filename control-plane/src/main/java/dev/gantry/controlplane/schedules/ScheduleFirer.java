package dev.gantry.controlplane.schedules;

import dev.gantry.controlplane.runs.RunOrigin;
import dev.gantry.controlplane.runs.RunService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.Role;
import dev.gantry.controlplane.suites.SuiteStatus;
import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Fires due schedules, exactly once per due time however many control planes run this.
 *
 * <p>Each tick reads the enabled schedules whose {@code next_fire_at} has come. To fire one, a
 * control plane moves {@code next_fire_at} to the following fire time with a compare-and-set
 * UPDATE ({@code ... where id = ? and next_fire_at = <the value it read>}): PostgreSQL lets
 * exactly one of the competing updates match, and only that control plane triggers the run.
 *
 * <p>Misfires (due times passed while no control plane ran, or while it was slow): the schedule
 * fires once, for the latest missed time, and its next fire time is the first one after now.
 * Missed times are never replayed one by one.
 */
@Component
class ScheduleFirer {
    private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);

    private record Due(
            UUID id,
            UUID tenantId,
            UUID suiteId,
            UUID environmentId,
            String cron,
            String zone,
            Instant nextFireAt,
            UUID createdBy,
            SuiteStatus suiteStatus,
            boolean runUnreadySuites) {}

    private final JdbcTemplate jdbc;
    private final ScheduleStore store;
    private final RunService runs;
    private final Clock clock;
    private final Counter started;
    private final Counter failed;
    private final Counter unready;
    private final Counter misses;
    private final TaskScheduler scheduler;
    private final SchedulesProperties properties;
    private ScheduledFuture<?> ticking;

    ScheduleFirer(
            JdbcTemplate jdbc,
            ScheduleStore store,
            RunService runs,
            Clock clock,
            MeterRegistry meters,
            TaskScheduler scheduler,
            SchedulesProperties properties) {
        this.jdbc = jdbc;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.started = fires(meters, "started");
        this.failed = fires(meters, "failed");
        this.unready = fires(meters, "skipped");
        this.misses = Counter.builder(MetricNames.SCHEDULE_MISSES)
                .description("due times skipped after downtime or a pause: a misfire fires once")
                .register(meters);
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @PostConstruct
    void start() {
        if (properties.enabled()) {
            ticking = scheduler.scheduleWithFixedDelay(
                    this::tick, scheduler.getClock().instant().plus(properties.tick()), properties.tick());
        }
    }

    void tick() {
        try {
            Instant now = clock.instant();
            List<Due> due = jdbc.query(
                    """
                    select s.id, s.tenant_id, s.suite_id, s.environment_id, s.cron, s.time_zone, s.next_fire_at,
                      s.created_by, t.status, s.run_unready_suites
                    from schedules s join test_suites t on t.id = s.suite_id
                    where s.enabled and s.next_fire_at <= ? order by s.next_fire_at limit 50
                    """,
                    (rs, i) -> new Due(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getTimestamp(7).toInstant(),
                            rs.getObject(8, UUID.class),
                            SuiteStatus.valueOf(rs.getString(9)),
                            rs.getBoolean(10)),
                    Timestamp.from(now));
            due.forEach(d -> fire(d, now));
        } catch (RuntimeException e) {
            log.warn("checking schedules failed; trying again at the next tick: {}", e.toString());
        }
    }

    private void fire(Due due, Instant now) {
        Cron cron = Cron.parse(due.cron(), ZoneId.of(due.zone()));
        // the latest due time not after now: fired once, whatever was missed before it
        Instant firedFor = due.nextFireAt();
        int skipped = 0;
        for (Instant t = cron.next(firedFor); t != null && !t.isAfter(now); t = cron.next(t)) {
            firedFor = t;
            skipped++;
        }
        Instant next = cron.next(now);
        if (!store.claim(due.id(), due.nextFireAt(), next, now)) {
            return; // another control plane fired it, or it was paused or edited meanwhile
        }
        misses.increment(skipped);
        String refusal = due.suiteStatus().unattendedRefusal(due.suiteId(), due.runUnreadySuites());
        if (refusal != null) {
            // a firing that is not a failure: said on the schedule, tried again at the next due time
            unready.increment();
            store.recordError(due.id(), "skipped: " + refusal);
            return;
        }
        try {
            Caller owner = new Caller(due.createdBy(), due.tenantId(), Role.TESTER, false);
            runs.trigger(
                    owner, due.suiteId(), due.environmentId(), null, null, new RunOrigin.Scheduled(due.id(), firedFor));
            store.recordError(due.id(), null);
            started.increment();
        } catch (RuntimeException e) {
            failed.increment();
            // e.g. the suite has no enabled case any more: said on the schedule, tried again next time
            log.warn("schedule {} could not start a run: {}", due.id(), e.getMessage());
            store.recordError(due.id(), e.getMessage());
        }
    }

    private static Counter fires(MeterRegistry meters, String outcome) {
        return Counter.builder(MetricNames.SCHEDULE_FIRES)
                .description("schedule firings by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(true);
        }
    }
}
