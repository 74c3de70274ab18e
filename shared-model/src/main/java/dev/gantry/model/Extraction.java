package dev.gantry.model;

import java.util.Objects;

/**
 * Captures a value from a response into a variable visible to later steps of the chain.
 *
 * @param defaultValue used when nothing matched; without one, nothing matching fails the step
 */
public record Extraction(String name, ExtractionSource source, String expression, String defaultValue) {
    public Extraction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (source != ExtractionSource.STATUS) {
            Objects.requireNonNull(expression, "expression");
        }
    }

    public Extraction(String name, ExtractionSource source, String expression) {
        this(name, source, expression, null);
    }
}
