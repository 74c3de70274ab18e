package dev.gantry.controlplane.security;

import java.util.UUID;

/**
 * The authenticated user behind a request; every query is scoped by its tenant.
 *
 * @param operator whether the user belongs to the tenant that operates the farm
 */
public record Caller(UUID userId, UUID tenantId, Role role, boolean operator) {
    /** The request attribute holding the authenticated caller of an {@code /api} request. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();
}
