package dev.gantry.worker.execution;

import java.util.Set;

/** Which header values never reach step details. */
final class Redaction {
    static final String REDACTED = "[REDACTED]";
    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");

    private Redaction() {}

    static String header(String name, String value) {
        return SECRET_HEADERS.contains(name.toLowerCase()) ? REDACTED : value;
    }
}
