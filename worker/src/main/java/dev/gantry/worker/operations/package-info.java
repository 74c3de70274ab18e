/**
 * What a worker shows of itself: busy and idle chain slots, partitions in progress and a heartbeat
 * as gauges, environment tags kept bounded, which observations are worth their cost per item, and
 * how it stops gracefully. Writes nothing.
 */
package dev.gantry.worker.operations;
