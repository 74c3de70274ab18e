package dev.gantry.controlplane.runs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Cancels runs past their deadline ({@code runs.deadline_at}, set by the trigger), the same way
 * as a cancellation by request. Every control plane checks; the guarded status move makes a
 * second cancellation of the same run a no-op.
 */
@Component
class RunDeadlines {
    private static final Logger log = LoggerFactory.getLogger(RunDeadlines.class);

    private final JdbcTemplate jdbc;
    private final RunCancellation cancellation;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final RunsProperties properties;
    private ScheduledFuture<?> ticking;

    RunDeadlines(
            JdbcTemplate jdbc,
            RunCancellation cancellation,
            Clock clock,
            TaskScheduler scheduler,
            RunsProperties properties) {
        this.jdbc = jdbc;
        this.cancellation = cancellation;
        this.clock = clock;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    /** Every {@code gantry.runs.deadline-check-interval}, the first one interval after start. */
    @PostConstruct
    void start() {
        ticking = scheduler.scheduleWithFixedDelay(
                this::tick,
                scheduler.getClock().instant().plus(properties.deadlineCheckInterval()),
                properties.deadlineCheckInterval());
    }

    private void tick() {
        try {
            List<UUID> overdue = jdbc.queryForList(
                    "select id from runs where deadline_at <= ? and status in ('QUEUED', 'RUNNING') limit 100",
                    UUID.class,
                    Timestamp.from(clock.instant()));
            overdue.forEach(id -> cancellation.cancel(id, "its deadline passed"));
        } catch (RuntimeException e) {
            log.warn("checking run deadlines failed; trying again at the next tick: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        ticking.cancel(true);
    }
}
