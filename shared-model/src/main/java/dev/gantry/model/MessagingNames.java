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

    /** Durable queue workers consume partition requests from. */
    public String partitionQueue() {
        return prefix + ".partitions.requests";
    }

    /** Routing key of partition requests. */
    public String partitionRoutingKey() {
        return "partition";
    }

    /** Dead-letter exchange for requests a worker rejected. */
    public String deadLetterExchange() {
        return prefix + ".partitions.dlx";
    }

    /** Queue holding rejected requests for inspection. */
    public String deadLetterQueue() {
        return prefix + ".partitions.dead";
    }
}
