/**
 * The farm's state as gauges (runs queued and running, partitions in flight, queue depth and
 * consumers, plan limits beside usage), read by a few grouped queries every {@code
 * gantry.metrics.refresh-interval}, never per scrape. Writes no table.
 */
package dev.gantry.controlplane.operations;
