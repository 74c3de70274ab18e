package dev.gantry.client;

/** Compact-constructor checks that name the field. */
final class Require {

    private Require() {}

    static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
