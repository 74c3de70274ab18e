package dev.gantry.controlplane.runs;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("run-deadlines").daemon().factory());

    RunDeadlines(
            JdbcTemplate jdbc,
            RunCancellation cancellation,
            Clock clock,
            @Value("${gantry.runs.deadline-check-interval:1s}") Duration interval) {
        this.jdbc = jdbc;
        this.cancellation = cancellation;
        this.clock = clock;
        ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
        ticker.shutdownNow();
    }
}
