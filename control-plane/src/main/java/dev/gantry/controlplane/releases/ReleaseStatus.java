package dev.gantry.controlplane.releases;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A release's own status. READY_TO_SHIP is reached only through its gate ({@code POST …/ready}),
 * never by setting it; the moves a person may make are the table below.
 */
public enum ReleaseStatus {
    PLANNED,
    IN_PROGRESS,
    READY_TO_SHIP,
    SHIPPED,
    CANCELLED;

    private static final Map<ReleaseStatus, Set<ReleaseStatus>> ALLOWED = Map.of(
            PLANNED, EnumSet.of(IN_PROGRESS, READY_TO_SHIP, CANCELLED),
            IN_PROGRESS, EnumSet.of(PLANNED, READY_TO_SHIP, CANCELLED),
            // back to work when something turned up after it was marked ready
            READY_TO_SHIP, EnumSet.of(IN_PROGRESS, SHIPPED, CANCELLED),
            SHIPPED, EnumSet.noneOf(ReleaseStatus.class),
            CANCELLED, EnumSet.of(PLANNED));

    public boolean canMoveTo(ReleaseStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Runs still feed it and its cases and approvals may change. */
    public boolean open() {
        return this != SHIPPED && this != CANCELLED;
    }
}
