package dev.gantry.controlplane.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Drops audit entries older than {@code gantry.audit.retention} (400 days), in batches. */
@Component
class AuditPurge {
    private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final Clock clock;

    AuditPurge(JdbcTemplate jdbc, @Value("${gantry.audit.retention:400d}") Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${gantry.runs.purge-interval:1h}",
            initialDelayString = "${gantry.runs.purge-interval:1h}")
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
