package dev.gantry.controlplane.audit;

import dev.gantry.controlplane.runs.RunsProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Drops audit entries older than {@code gantry.audit.retention} (400 days), in batches, every
 * {@code gantry.runs.purge-interval} as the runs' retention purge does.
 */
@Component
class AuditPurge {
    private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private ScheduledFuture<?> ticking;

    AuditPurge(
            JdbcTemplate jdbc, AuditProperties properties, RunsProperties runs, Clock clock, TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.retention = properties.retention();
        this.clock = clock;
        this.scheduler = scheduler;
        this.interval = runs.purgeInterval();
    }

    @PostConstruct
    void start() {
        ticking = scheduler.scheduleWithFixedDelay(
                this::purge, scheduler.getClock().instant().plus(interval), interval);
    }

    @PreDestroy
    void stop() {
        ticking.cancel(true);
    }

    void purge() {
        try {
            Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
            long removed = 0;
            for (int n; (n = AuditRecorder.deleteOlderThan(jdbc, cutoff)) > 0; ) {
                removed += n;
            }
            if (removed > 0) {
                log.info("audit purge: {} entries older than {} removed", removed, retention);
            }
        } catch (RuntimeException e) {
            log.warn("audit purge failed, the next one tries again: {}", e.toString());
        }
    }
}
