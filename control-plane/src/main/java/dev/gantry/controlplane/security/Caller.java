package dev.gantry.controlplane.security;

import java.util.UUID;

/**
 * The authenticated user behind a request; every query is scoped by its tenant.
 *
 * @param operator whether the user belongs to the tenant that operates the farm
 * @param keyId    the API key the request came with
 */
public record Caller(UUID userId, UUID tenantId, Role role, boolean operator, UUID keyId) {
    /** The request attribute holding the authenticated caller of an {@code /api} request. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /** A caller acting without a key of its own (a schedule's owner, a hook's creator). */
    public Caller(UUID userId, UUID tenantId, Role role, boolean operator) {
        this(userId, tenantId, role, operator, null);
    }
}
