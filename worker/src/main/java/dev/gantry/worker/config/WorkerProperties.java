package dev.gantry.worker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How a worker executes partitions.
 *
 * @param concurrency      work items (chains) executed at once per partition, each on a virtual
 *                         thread; also the chunk size, so counters commit once per this many chains.
 *                         With {@code partitions} it sets the chains in flight per worker (4 x 128
 *                         measured best on two cores, see the README's benchmark section)
 * @param partitions       partitions this worker executes at once (RabbitMQ consumers)
 * @param connectTimeout   TCP connect timeout towards targets
 * @param maxBodyChars     request/response bodies longer than this are truncated in step details
 * @param runCacheSize     compiled run snapshots kept in memory
 * @param maxConnections   pooled keep-alive connections per target (and in all)
 * @param maxResponseBytes how much of a target's answer body a worker keeps in memory; the rest is
 *                         read, counted and dropped, and checks see the part kept (an environment
 *                         may ask for more, up to {@code maxResponseBytesCap})
 * @param maxResponseBytesCap the most an environment may ask a worker to keep of one answer: a
 *                         worker holds at most this times {@code concurrency x partitions}
 * @param regexTimeLimit   how long one regular expression of a case or a schema may run on one
 *                         answer before it is stopped and the check fails
 */
@ConfigurationProperties("gantry.worker")
public record WorkerProperties(
        @DefaultValue("128") int concurrency,
        @DefaultValue("4") int partitions,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("4096") int maxBodyChars,
        @DefaultValue("16") int runCacheSize,
        @DefaultValue("1024") int maxConnections,
        @DefaultValue("1MB") DataSize maxResponseBytes,
        @DefaultValue("16MB") DataSize maxResponseBytesCap,
        @DefaultValue("500ms") Duration regexTimeLimit) {

    @ConstructorBinding
    public WorkerProperties {
        if (concurrency < 1 || partitions < 1 || maxBodyChars < 0 || runCacheSize < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("gantry.worker sizes must be positive");
        }
        if (maxResponseBytes.toBytes() < 1
                || maxResponseBytesCap.toBytes() < maxResponseBytes.toBytes()
                || maxResponseBytesCap.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("gantry.worker.max-response-bytes must be at least 1 B and at most"
                    + " gantry.worker.max-response-bytes-cap, which must be under 2 GB");
        }
        if (regexTimeLimit.isNegative() || regexTimeLimit.isZero()) {
            throw new IllegalArgumentException("gantry.worker.regex-time-limit must be positive");
        }
    }

    /** With the default answer size and regular expression bounds. */
    public WorkerProperties(
            int concurrency,
            int partitions,
            Duration connectTimeout,
            int maxBodyChars,
            int runCacheSize,
            int maxConnections) {
        this(
                concurrency,
                partitions,
                connectTimeout,
                maxBodyChars,
                runCacheSize,
                maxConnections,
                DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(16),
                Duration.ofMillis(500));
    }
}
