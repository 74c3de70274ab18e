package dev.gantry.controlplane.releases;

/** Where a release's case stands; a run sets PASSED or FAILED, a person any of them. */
public enum ExecutionStatus {
    NOT_STARTED,
    IN_PROGRESS,
    PASSED,
    FAILED,
    BLOCKED,
    SKIPPED;

    /** A status the gate's "no failed or blocked case" refuses. */
    boolean stopsTheGate() {
        return this == FAILED || this == BLOCKED;
    }
}
