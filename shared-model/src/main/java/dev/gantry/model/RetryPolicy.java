package dev.gantry.model;

import java.util.Set;

/**
 * How often a step is tried, and on what. Every attempt is recorded; a step that passes only on
 * a retry is FLAKY. POSTs are retried only when the policy says so (here, the user's policy).
 *
 * @param attempts  tries in all, 1 to {@link #MAX_ATTEMPTS}
 * @param backoffMs wait before the second try, doubled before each following one
 */
public record RetryPolicy(int attempts, long backoffMs, Set<RetryOn> on) {
    public static final int MAX_ATTEMPTS = 10;
    public static final long MAX_BACKOFF_MS = 60_000;

    public RetryPolicy {
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts must be 1.." + MAX_ATTEMPTS);
        }
        if (backoffMs < 0 || backoffMs > MAX_BACKOFF_MS) {
            throw new IllegalArgumentException("backoffMs must be 0.." + MAX_BACKOFF_MS);
        }
        on = on == null ? Set.of() : Set.copyOf(on);
    }

    /** Whether an attempt that ran into {@code troubles} is tried again under this policy. */
    public boolean retries(Set<RetryOn> troubles) {
        return troubles.stream().anyMatch(on::contains);
    }

    /** The wait before attempt {@code next} (2 for the first retry). */
    public long backoffBefore(int next) {
        return Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(20, next - 2));
    }
}
