package dev.gantry.worker.execution;

import java.util.UUID;

/** Whether a run has been cancelled: answered from memory, so it may be asked for every work item. */
public interface RunCancellation {
    boolean cancelled(UUID runId);

    /** For contexts that never cancel (tests of the execution classes, the benchmark). */
    RunCancellation NEVER = runId -> false;
}
