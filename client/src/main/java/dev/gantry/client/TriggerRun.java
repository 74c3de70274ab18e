package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * What starts a run of a suite: the environment, and optionally a seed for the random built-ins and a
 * deadline after which the control plane cancels the run (null: the suite's own deadline, if any).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerRun(UUID environmentId, Long seed, Long deadlineSeconds) {

    public TriggerRun {
        if (environmentId == null) {
            throw new IllegalArgumentException("environmentId must not be null");
        }
        if (deadlineSeconds != null && deadlineSeconds < 1) {
            throw new IllegalArgumentException("deadlineSeconds must be at least 1, was " + deadlineSeconds);
        }
    }

    /** A run in this environment with neither seed nor deadline of its own. */
    public static TriggerRun in(UUID environmentId) {
        return new TriggerRun(environmentId, null, null);
    }
}
