package dev.gantry.client;

import java.util.UUID;

/** A project as the control plane lists it. */
public record Project(UUID id, String name, String description) {}
