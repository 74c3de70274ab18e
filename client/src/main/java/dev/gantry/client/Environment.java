package dev.gantry.client;

import java.util.UUID;

/** An environment as the control plane lists it. */
public record Environment(UUID id, UUID projectId, String name, String baseUrl) {}
