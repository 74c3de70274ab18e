package dev.gantry.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Lifecycle of a run; the allowed transitions are a table, anything else is an error. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    PASSED,
    FAILED,
    CANCELLED,
    ERROR;

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, ERROR),
            RUNNING, EnumSet.of(PASSED, FAILED, CANCELLED, ERROR),
            PASSED, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            CANCELLED, EnumSet.noneOf(RunStatus.class),
            ERROR, EnumSet.noneOf(RunStatus.class));

    public boolean terminal() {
        return ALLOWED.get(this).isEmpty();
    }

    public boolean successful() {
        return this == PASSED;
    }

    public boolean canMoveTo(RunStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Returns {@code next} when the move is legal, otherwise throws naming both states. */
    public RunStatus moveTo(RunStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateTransitionException(name(), next.name());
        }
        return next;
    }
}
