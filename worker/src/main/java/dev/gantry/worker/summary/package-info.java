/**
 * A chunk's commit: step details to Redis, then the partition's counters, per-case tally and
 * position in one update of its {@code run_partitions} row, in the chunk's transaction, naming the
 * partition's owner; and why a partition failed. Writes {@code run_partitions}.
 */
package dev.gantry.worker.summary;
