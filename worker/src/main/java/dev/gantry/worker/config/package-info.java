/**
 * The worker's settings as properties records, the clock and the Redis client. Writes nothing.
 */
package dev.gantry.worker.config;
