package dev.gantry.controlplane.security;

import java.util.UUID;

/** The authenticated user behind a request; every query is scoped by its tenant. */
public record Caller(UUID userId, UUID tenantId, Role role) {}
