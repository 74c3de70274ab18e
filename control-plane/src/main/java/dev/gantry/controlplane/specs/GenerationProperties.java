package dev.gantry.controlplane.specs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How case generations run and are waited for.
 *
 * @param batchSize  drafts written per batch of statements, and between two progress updates
 * @param lease      a generation QUEUED or RUNNING not heard from for this long is FAILED (its control
 *                   plane stopped; nothing of it was written); progress is written at every batch
 * @param maxWait    the longest {@code ?wait=} a generation's GET holds open; longer asks get this
 * @param waitTick   how often the states of waited-for generations are read (one query for all)
 * @param keep       finished generations kept per suite (older ones are deleted as new ones start)
 * @param listed     case references each list of a report shows unless {@code ?limit=} asks otherwise
 */
@ConfigurationProperties("gantry.specs.generation")
public record GenerationProperties(
        @DefaultValue(DEFAULT_BATCH_SIZE) int batchSize,
        @DefaultValue(DEFAULT_LEASE) Duration lease,
        @DefaultValue(DEFAULT_MAX_WAIT) Duration maxWait,
        @DefaultValue(DEFAULT_WAIT_TICK) Duration waitTick,
        @DefaultValue(DEFAULT_KEEP) int keep,
        @DefaultValue(DEFAULT_LISTED) int listed) {
    public static final String DEFAULT_BATCH_SIZE = "500";
    public static final String DEFAULT_LEASE = "2m";
    public static final String DEFAULT_MAX_WAIT = "5m";
    public static final String DEFAULT_WAIT_TICK = "250ms";
    public static final String DEFAULT_KEEP = "20";
    public static final String DEFAULT_LISTED = "100";
    /** The most references a report's list shows, however many {@code ?limit=} asks for. */
    public static final int MAX_LISTED = 10_000;

    public GenerationProperties {
        if (batchSize < 1 || keep < 1 || listed < 0 || listed > MAX_LISTED) {
            throw new IllegalArgumentException(
                    "gantry.specs.generation: batch-size and keep must be positive, listed within 0.." + MAX_LISTED);
        }
        if (lease.compareTo(Duration.ofSeconds(10)) < 0 || waitTick.toMillis() < 10) {
            throw new IllegalArgumentException("gantry.specs.generation: lease at least 10s, wait-tick at least 10ms");
        }
    }
}
