/**
 * The client behind {@code ./gantry bench}: the raw baseline with the worker's own transport, runs
 * of the standard flow on a farm, and the report of both against the targets of the "Speed" issue.
 */
package dev.gantry.bench;
