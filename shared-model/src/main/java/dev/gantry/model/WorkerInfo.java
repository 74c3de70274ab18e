package dev.gantry.model;

import java.time.Instant;

/**
 * What a worker says of itself in Redis at each heartbeat.
 *
 * @param draining   whether it has stopped taking partitions (an operator asked)
 * @param partitions partitions it executes now
 */
public record WorkerInfo(
        String id, String host, Instant startedAt, Instant lastSeen, boolean draining, int partitions) {}
