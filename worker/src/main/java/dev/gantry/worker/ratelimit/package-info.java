/**
 * The plan's requests per second to an environment, shared by every worker through one Redis rate
 * limiter, fetched in batches. Writes the Redis rate limiter.
 */
package dev.gantry.worker.ratelimit;
