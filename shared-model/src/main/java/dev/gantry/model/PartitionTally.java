package dev.gantry.model;

import java.util.Map;
import java.util.UUID;

/** What a partition has executed so far, per case. It crosses from worker to control plane. */
public record PartitionTally(int schemaVersion, Map<UUID, CaseTally> cases) {
    public static final int SCHEMA_VERSION = 1;

    public PartitionTally {
        cases = cases == null ? Map.of() : Map.copyOf(cases);
    }
}
