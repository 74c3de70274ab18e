package dev.gantry.model;

/** Thrown when a status enum is asked to make a transition its table does not allow. */
public final class IllegalStateTransitionException extends IllegalStateException {
    public IllegalStateTransitionException(String from, String to) {
        super("illegal status transition from " + from + " to " + to);
    }
}
