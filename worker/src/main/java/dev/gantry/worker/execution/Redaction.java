package dev.gantry.worker.execution;

import dev.gantry.model.AssertionFailure;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Keeps secrets out of step details: credential headers by name, and the values of the
 * environment's secrets wherever they appear (URL, headers, bodies, failure messages).
 */
final class Redaction {
    static final String REDACTED = "[REDACTED]";
    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");

    private final List<String> secretValues;

    Redaction(Collection<String> secretValues) {
        // an empty secret would match everywhere
        this.secretValues = secretValues.stream().filter(v -> !v.isEmpty()).toList();
    }

    String header(String name, String value) {
        return SECRET_HEADERS.contains(name.toLowerCase()) ? REDACTED : text(value);
    }

    String text(String text) {
        if (text == null || secretValues.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String secret : secretValues) {
            redacted = redacted.replace(secret, REDACTED);
        }
        return redacted;
    }

    List<AssertionFailure> failures(List<AssertionFailure> failures) {
        if (secretValues.isEmpty()) {
            return failures;
        }
        return failures.stream()
                .map(f -> new AssertionFailure(text(f.check()), text(f.expected()), text(f.actual())))
                .toList();
    }
}
