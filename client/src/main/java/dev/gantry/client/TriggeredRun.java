package dev.gantry.client;

import java.util.UUID;

/** What triggering a run answers: its id, first status and where to follow it (paths on the control plane). */
public record TriggeredRun(UUID runId, String status, String statusUrl, String stepsUrl) {}
