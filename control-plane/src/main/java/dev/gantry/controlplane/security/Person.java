package dev.gantry.controlplane.security;

import java.util.UUID;

/**
 * A user as the records that name people show them (approvals, reviews, change logs, history, the
 * audit log): who, by name and e-mail, not only by key. A user removed since is answered with its
 * id alone.
 */
public record Person(UUID id, String name, String email) {
    /** The longest name a person may have. */
    public static final int MAX_NAME = 100;

    /** The name given, trimmed; without one, the e-mail's local part until the person chooses one. */
    public static String nameOf(String email, String name) {
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        String local = email.substring(0, Math.max(0, email.indexOf('@')));
        String derived = local.isBlank() ? email : local;
        return derived.length() > MAX_NAME ? derived.substring(0, MAX_NAME) : derived;
    }

    static Person unknown(UUID id) {
        return new Person(id, null, null);
    }
}
