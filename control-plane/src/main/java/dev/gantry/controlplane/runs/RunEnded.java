package dev.gantry.controlplane.runs;

import java.util.UUID;

/**
 * A run's job ended (whatever its status) or could not start: its run permit is free again.
 * {@code jobRan} tells the listeners that look at what the run did (coverage) whether there is
 * anything to look at.
 */
public record RunEnded(UUID runId, boolean jobRan) {}
