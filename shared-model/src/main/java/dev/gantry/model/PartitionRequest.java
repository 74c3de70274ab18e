package dev.gantry.model;

import java.util.Objects;

/**
 * The message that asks a worker to execute one partition. It carries ids only; the worker loads
 * the rest from the shared JobRepository.
 */
public record PartitionRequest(int schemaVersion, String stepName, long stepExecutionId) {
    public static final int SCHEMA_VERSION = 1;

    public PartitionRequest {
        Objects.requireNonNull(stepName, "stepName");
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported partition request schemaVersion " + schemaVersion);
        }
        if (stepExecutionId <= 0) {
            throw new IllegalArgumentException("stepExecutionId must be positive");
        }
    }
}
