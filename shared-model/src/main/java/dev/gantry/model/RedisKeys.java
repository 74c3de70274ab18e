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

    /** Lease-based semaphore of a tenant's concurrent runs (its plan's MaxConcurrentRuns). */
    public String runPermits(UUID tenantId) {
        return prefix + ":tenant:{" + tenantId + "}:run-permits";
    }

    /** Lease-based semaphore of a tenant's partitions executing at once (MaxParallelPartitions). */
    public String partitionPermits(UUID tenantId) {
        return prefix + ":tenant:{" + tenantId + "}:partition-permits";
    }

    /** Rate limiter of the requests all workers send to one environment (MaxRequestsPerSecond). */
    public String requestRate(UUID environmentId) {
        return prefix + ":env:{" + environmentId + "}:request-rate";
    }

    /** Live workers: id → {@link WorkerInfo} JSON, each entry expiring unless its worker renews it. */
    public String workers() {
        return prefix + ":workers";
    }

    /** Ids of the workers an operator asked to drain (take no new partitions). */
    public String workerDrains() {
        return prefix + ":workers:drain";
    }

    /** Topic telling workers at once that the drain set changed. */
    public String workerCommands() {
        return prefix + ":workers:commands";
    }

    public String cancelled(UUID runId) {
        return base(runId) + ":cancelled";
    }

    public String status(UUID runId, StepStatus status) {
        return base(runId) + ":status:" + status.name().toLowerCase();
    }
}
