package dev.gantry.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Key layout of a run's step details in Redis. Every key of one run shares the {@code {runId}}
 * hash tag so that a Redis Cluster keeps a run on one slot (pipelines and multi-key reads work).
 *
 * <ul>
 *   <li>{@code details}: hash, field = {@link StepDetail#key()}, value = the detail as JSON
 *   <li>{@code order}: sorted set of detail keys by {@link StepDetail#orderScore()}
 *   <li>{@code status(s)}: the same, only the details with status s (for "failures only")
 *   <li>{@code cancelled}: a string set when the run is cancelled (its reason); workers watch it
 * </ul>
 */
public record RedisKeys(String prefix) {
    public static final String DEFAULT_PREFIX = "gantry";

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    private String base(UUID runId) {
        return prefix + ":run:{" + runId + "}";
    }

    public String details(UUID runId) {
        return base(runId) + ":details";
    }

    public String order(UUID runId) {
        return base(runId) + ":order";
    }

    public String cancelled(UUID runId) {
        return base(runId) + ":cancelled";
    }

    public String status(UUID runId, StepStatus status) {
        return base(runId) + ":status:" + status.name().toLowerCase();
    }
}
