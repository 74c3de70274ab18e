package dev.gantry.client;

import java.util.UUID;

/** A suite as the control plane answers it. */
public record Suite(UUID id, UUID projectId, String name, String description) {}
