package dev.gantry.model;

import java.util.Objects;

/**
 * RabbitMQ names both apps agree on. A prefix keeps test runs and a running farm apart on one broker.
 */
public record MessagingNames(String prefix) {
    public static final String DEFAULT_PREFIX = "gantry";

    public MessagingNames {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Direct exchange partition requests are published to. */
    public String partitionExchange() {
        return prefix + ".partitions";
    }

    /** Highest message priority of the partition queue (RabbitMQ's x-max-priority). */
    public static final int MAX_PRIORITY = 9;

    /**
     * Durable priority queue workers consume partition requests from. (It replaced the queue
     * {@code <prefix>.partitions.requests}, which had no priorities: a queue's arguments cannot change.)
     */
    public String partitionQueue() {
        return prefix + ".partition-requests";
    }

    /**
     * Priority of a run's partition request after {@code sentBefore} others of the same run: the
     * first ones of every run go ahead of the tail of a large run, so a small run does not wait
     * behind hundreds of another tenant's partitions. Halves per doubling: 9 for the first, 8 for
     * the second, 7 for the next two, ... 0 from the 512th on.
     */
    public static int partitionPriority(long sentBefore) {
        int doublings = 63 - Long.numberOfLeadingZeros(sentBefore + 1);
        return Math.max(0, MAX_PRIORITY - doublings);
    }

    /** Routing key of partition requests. */
    public String partitionRoutingKey() {
        return "partition";
    }

    /** Dead-letter exchange for requests a worker rejected. */
    public String deadLetterExchange() {
        return prefix + ".partitions.dlx";
    }

    /** Header of a dead letter: why it was given up, in a line. */
    public static final String DEAD_LETTER_REASON = "x-gantry-reason";

    /** Header of a partition request sent back after a failed intake, and of a dead letter: intakes tried. */
    public static final String INTAKE_ATTEMPTS = "x-gantry-attempts";

    /** Header of a dead letter: the step execution of the partition it asked for, when it could be read. */
    public static final String DEAD_LETTER_STEP_EXECUTION = "x-gantry-step-execution-id";

    /** Header of a dead letter: the worker that gave it up. */
    public static final String DEAD_LETTER_WORKER = "x-gantry-worker";

    /** Queue holding rejected requests for inspection. */
    public String deadLetterQueue() {
        return prefix + ".partitions.dead";
    }
}
