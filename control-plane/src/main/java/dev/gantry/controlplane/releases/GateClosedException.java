package dev.gantry.controlplane.releases;

import java.util.List;
import java.util.UUID;

/** The release's gate refuses READY_TO_SHIP (409), for these reasons. */
class GateClosedException extends RuntimeException {
    private final List<Gate.Reason> reasons;

    GateClosedException(UUID releaseId, List<Gate.Reason> reasons) {
        super("the gate of release " + releaseId + " is closed: "
                + String.join("; ", reasons.stream().map(Gate.Reason::message).toList()));
        this.reasons = List.copyOf(reasons);
    }

    List<Gate.Reason> reasons() {
        return reasons;
    }
}
