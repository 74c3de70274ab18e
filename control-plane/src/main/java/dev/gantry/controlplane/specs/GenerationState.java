package dev.gantry.controlplane.specs;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a case generation is: QUEUED → RUNNING → COMPLETED, or FAILED from either. */
public enum GenerationState {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED;

    private static final Map<GenerationState, Set<GenerationState>> NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED),
            RUNNING, EnumSet.of(COMPLETED, FAILED),
            COMPLETED, EnumSet.noneOf(GenerationState.class),
            FAILED, EnumSet.noneOf(GenerationState.class));

    public boolean terminal() {
        return NEXT.get(this).isEmpty();
    }

    public boolean successful() {
        return this == COMPLETED;
    }

    /** The states that may move to this one: the guard of every state change in SQL. */
    Set<GenerationState> from() {
        Set<GenerationState> from = EnumSet.noneOf(GenerationState.class);
        Arrays.stream(values()).filter(s -> NEXT.get(s).contains(this)).forEach(from::add);
        return from;
    }

    /** @throws IllegalStateException naming both states when this one may not move to {@code to} */
    void checkMove(GenerationState to) {
        if (!NEXT.get(this).contains(to)) {
            throw new IllegalStateException("a generation cannot move from " + this + " to " + to);
        }
    }
}
