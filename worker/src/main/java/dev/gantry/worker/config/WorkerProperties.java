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
 *                         With {@code partitions} it sets the chains in flight per worker (2 x 256
 *                         measured best on two cores: docs/benchmarks.md)
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
 * @param intakeAttempts   how often a partition request whose intake fails (its step execution cannot
 *                         be found, ...) is tried, by whichever workers, before it goes to the dead letters
 * @param requeuePause     how long a request waits before it goes back to the queue when PostgreSQL
 *                         is out of reach
 * @param cancelCheckInterval how often the runs executing here are checked for a cancellation (one
 *                         pipelined Redis read for all of them; never below 20 ms)
 */
@ConfigurationProperties("gantry.worker")
public record WorkerProperties(
        @DefaultValue(DEFAULT_CONCURRENCY) int concurrency,
        @DefaultValue(DEFAULT_PARTITIONS) int partitions,
        @DefaultValue(DEFAULT_CONNECT_TIMEOUT) Duration connectTimeout,
        @DefaultValue(DEFAULT_MAX_BODY_CHARS) int maxBodyChars,
        @DefaultValue(DEFAULT_RUN_CACHE_SIZE) int runCacheSize,
        @DefaultValue(DEFAULT_MAX_CONNECTIONS) int maxConnections,
        @DefaultValue(DEFAULT_MAX_RESPONSE_BYTES) DataSize maxResponseBytes,
        @DefaultValue(DEFAULT_MAX_RESPONSE_BYTES_CAP) DataSize maxResponseBytesCap,
        @DefaultValue(DEFAULT_REGEX_TIME_LIMIT) Duration regexTimeLimit,
        @DefaultValue(DEFAULT_INTAKE_ATTEMPTS) int intakeAttempts,
        @DefaultValue(DEFAULT_REQUEUE_PAUSE) Duration requeuePause,
        @DefaultValue(DEFAULT_CANCEL_CHECK_INTERVAL) Duration cancelCheckInterval) {
    public static final String DEFAULT_CONCURRENCY = "256";
    public static final String DEFAULT_PARTITIONS = "2";
    public static final String DEFAULT_CONNECT_TIMEOUT = "5s";
    public static final String DEFAULT_MAX_BODY_CHARS = "4096";
    public static final String DEFAULT_RUN_CACHE_SIZE = "16";
    public static final String DEFAULT_MAX_CONNECTIONS = "1024";
    public static final String DEFAULT_MAX_RESPONSE_BYTES = "1MB";
    public static final String DEFAULT_MAX_RESPONSE_BYTES_CAP = "16MB";
    public static final String DEFAULT_REGEX_TIME_LIMIT = "500ms";
    public static final String DEFAULT_INTAKE_ATTEMPTS = "3";
    public static final String DEFAULT_REQUEUE_PAUSE = "2s";
    public static final String DEFAULT_CANCEL_CHECK_INTERVAL = "200ms";
    /** The shortest cancellation check interval taken. */
    static final Duration MIN_CANCEL_CHECK_INTERVAL = Duration.ofMillis(20);

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
        if (requeuePause.isNegative() || cancelCheckInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "gantry.worker.requeue-pause and gantry.worker.cancel-check-interval must not be negative");
        }
        if (regexTimeLimit.isNegative() || regexTimeLimit.isZero()) {
            throw new IllegalArgumentException("gantry.worker.regex-time-limit must be positive");
        }
    }

    /** The cancellation check interval, at least {@link #MIN_CANCEL_CHECK_INTERVAL}. */
    public Duration cancelCheckTick() {
        return cancelCheckInterval.compareTo(MIN_CANCEL_CHECK_INTERVAL) < 0
                ? MIN_CANCEL_CHECK_INTERVAL
                : cancelCheckInterval;
    }

    /** With the default answer size, regular expression, intake and cancellation settings. */
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

    /** With the default intake and cancellation settings. */
    public WorkerProperties(
            int concurrency,
            int partitions,
            Duration connectTimeout,
            int maxBodyChars,
            int runCacheSize,
            int maxConnections,
            DataSize maxResponseBytes,
            DataSize maxResponseBytesCap,
            Duration regexTimeLimit) {
        this(
                concurrency,
                partitions,
                connectTimeout,
                maxBodyChars,
                runCacheSize,
                maxConnections,
                maxResponseBytes,
                maxResponseBytesCap,
                regexTimeLimit,
                3,
                Duration.ofSeconds(2),
                Duration.ofMillis(200));
    }
}
