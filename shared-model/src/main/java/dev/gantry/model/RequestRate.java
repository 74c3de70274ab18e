package dev.gantry.model;

import java.util.Objects;
import java.util.UUID;

/**
 * The most requests per second all workers together may send to one environment (the plan's
 * MaxRequestsPerSecond, as it was when the run was triggered): it protects the system under test.
 */
public record RequestRate(UUID environmentId, long perSecond) {
    public RequestRate {
        Objects.requireNonNull(environmentId, "environmentId");
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
    }
}
