/**
 * This worker in the fleet: its heartbeat entry in Redis, and operators' drain requests, which
 * stop it taking new partitions. Writes the Redis {@code workers} entry.
 */
package dev.gantry.worker.fleet;
