package dev.gantry.controlplane.releases;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How releases follow runs that ended while no event reached them.
 *
 * @param catchUpInterval  how often the runs ended since the last catch-up are applied (and once at
 *                         start); 1 minute
 * @param catchUpOverlap   how far before its cursor a catch-up reads again, for runs whose end was
 *                         committed after a later run's; 10 minutes
 * @param catchUpBatchSize runs read at a time; 200
 * @param catchUpBatches   batches in one catch-up at most, the rest left to the next; 10
 */
@ConfigurationProperties("gantry.releases")
public record ReleasesProperties(
        @DefaultValue(DEFAULT_CATCH_UP_INTERVAL) Duration catchUpInterval,
        @DefaultValue(DEFAULT_CATCH_UP_OVERLAP) Duration catchUpOverlap,
        @DefaultValue(DEFAULT_CATCH_UP_BATCH_SIZE) int catchUpBatchSize,
        @DefaultValue(DEFAULT_CATCH_UP_BATCHES) int catchUpBatches) {
    public static final String DEFAULT_CATCH_UP_INTERVAL = "1m";
    public static final String DEFAULT_CATCH_UP_OVERLAP = "10m";
    public static final String DEFAULT_CATCH_UP_BATCH_SIZE = "200";
    public static final String DEFAULT_CATCH_UP_BATCHES = "10";

    public ReleasesProperties {
        if (catchUpInterval.isNegative() || catchUpInterval.isZero()) {
            throw new IllegalArgumentException("gantry.releases.catch-up-interval must be positive");
        }
        if (catchUpOverlap.isNegative()) {
            throw new IllegalArgumentException("gantry.releases.catch-up-overlap must not be negative");
        }
        if (catchUpBatchSize < 1 || catchUpBatches < 1) {
            throw new IllegalArgumentException("gantry.releases.catch-up-batch-size and -batches must be at least 1");
        }
    }
}
