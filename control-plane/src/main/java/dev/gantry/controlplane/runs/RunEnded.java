package dev.gantry.controlplane.runs;

import java.util.UUID;

/** A run's job ended (whatever its status) or could not start: its run permit is free again. */
record RunEnded(UUID runId) {}
