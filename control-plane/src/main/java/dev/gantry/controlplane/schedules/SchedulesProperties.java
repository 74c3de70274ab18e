package dev.gantry.controlplane.schedules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a control plane fires cron schedules.
 *
 * @param enabled      whether this control plane fires schedules at all (every control plane may: a due time
 *                     fires once however many check it)
 * @param pollInterval how often the due schedules are read; a schedule fires at most this late (never below 20 ms).
 *                     A second: cron's finest unit, and a read every second rather than four is what an idle
 *                     control plane costs
 */
@ConfigurationProperties("gantry.schedules")
public record SchedulesProperties(
        @DefaultValue(DEFAULT_ENABLED) boolean enabled, @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval) {
    public static final String DEFAULT_ENABLED = "true";
    public static final String DEFAULT_POLL_INTERVAL = "1s";
    /** The shortest poll interval taken: below it the ticks would only load PostgreSQL. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(20);

    public SchedulesProperties {
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("gantry.schedules.poll-interval must not be negative");
        }
    }

    /** The poll interval, at least {@link #MIN_POLL_INTERVAL}. */
    Duration tick() {
        return pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : pollInterval;
    }
}
