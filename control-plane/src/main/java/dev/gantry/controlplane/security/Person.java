package dev.gantry.controlplane.security;

import java.util.UUID;

/**
 * A user as the records that name people show them (approvals, reviews, change logs, history, the
 * audit log): who, by name and e-mail, not only by key. A user removed since is answered with its
 * id alone.
 */
public record Person(UUID id, String name, String email) {
    static Person unknown(UUID id) {
        return new Person(id, null, null);
    }
}
