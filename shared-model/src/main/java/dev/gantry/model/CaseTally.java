package dev.gantry.model;

/**
 * Counts and timings of one case inside one partition.
 *
 * @param histogram HdrHistogram of step durations in microseconds, compressed and Base64-encoded
 */
public record CaseTally(long passed, long failed, long skipped, long errored, long flaky, String histogram) {}
