package dev.gantry.model;

import java.util.Objects;

/**
 * Captures a value from a response into a variable visible to later steps of the chain.
 *
 * @param defaultValue used when nothing matched; without one, nothing matching fails the step
 * @param optional when nothing matched and there is no default, the step does not fail and the
 *     variable is left unset: a later {@code {{name}}} is sent as written, as Newman sends a variable
 *     a script set to {@code undefined}; null (snapshots frozen before it existed) is false
 */
public record Extraction(
        String name, ExtractionSource source, String expression, String defaultValue, Boolean optional) {
    public Extraction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (source != ExtractionSource.STATUS) {
            Objects.requireNonNull(expression, "expression");
        }
        optional = Boolean.TRUE.equals(optional);
    }

    public Extraction(String name, ExtractionSource source, String expression, String defaultValue) {
        this(name, source, expression, defaultValue, false);
    }

    public Extraction(String name, ExtractionSource source, String expression) {
        this(name, source, expression, null);
    }
}
