package dev.gantry.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Variables every template may use without defining them, e.g. {@code {{$uuid}}} or
 * {@code {{$randomInt 1 100}}}. The control plane checks names and arguments at save time; the
 * worker computes the values (reproducibly when the run has a seed).
 */
public enum BuiltIn {
    /** A random UUID (version 4). */
    UUID("$uuid", 0),
    /** A random integer between the two arguments, both included. */
    RANDOM_INT("$randomInt", 2),
    /** Seconds since the epoch, now. */
    TIMESTAMP("$timestamp", 0),
    /** The current instant in ISO-8601, e.g. 2026-11-22T10:15:30Z. */
    ISO_DATE_TIME("$isoDateTime", 0),
    /** A random address at example.com. */
    RANDOM_EMAIL("$randomEmail", 0);

    private final String token;
    private final int arity;

    BuiltIn(String token, int arity) {
        this.token = token;
        this.arity = arity;
    }

    public String token() {
        return token;
    }

    /** A built-in with its integer arguments, as written in a template. */
    public record Call(BuiltIn builtIn, List<Long> arguments) {}

    /** Parses {@code $name arg...}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Call parse(String expression) {
        String[] words = expression.trim().split("\\s+");
        BuiltIn builtIn = Arrays.stream(values())
                .filter(b -> b.token.equals(words[0]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown built-in " + words[0] + "; known: "
                        + Arrays.stream(values()).map(BuiltIn::token).toList()));
        if (words.length - 1 != builtIn.arity) {
            throw new IllegalArgumentException(
                    builtIn.token + " takes " + builtIn.arity + " argument(s), not " + (words.length - 1));
        }
        List<Long> arguments = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            try {
                arguments.add(Long.parseLong(words[i]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(builtIn.token + " takes whole numbers, not '" + words[i] + "'");
            }
        }
        if (builtIn == RANDOM_INT && arguments.get(0) > arguments.get(1)) {
            throw new IllegalArgumentException("$randomInt needs min <= max");
        }
        return new Call(builtIn, List.copyOf(arguments));
    }
}
