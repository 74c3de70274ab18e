/**
 * The cancellation flags of the runs under way on this worker, read from Redis by one background
 * tick, so that the hot path asks memory only. Writes nothing.
 */
package dev.gantry.worker.cancellation;
