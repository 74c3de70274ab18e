/**
 * What a worker shows of itself: busy and idle chain slots, partitions in progress and a heartbeat
 * as gauges, environment tags kept bounded, and how it stops gracefully. Writes nothing.
 */
package dev.gantry.worker.operations;
