/**
 * The coverage job's worker step, located by name through the run job's queue: reads a run's step
 * details from Redis and attributes them to its slice of the specification's endpoints. Writes
 * {@code coverage_endpoints}.
 */
package dev.gantry.worker.coverage;
