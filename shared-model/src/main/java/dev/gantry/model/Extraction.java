package dev.gantry.model;

import java.util.Objects;

/** Captures a value from a response into a variable visible to later steps of the chain. */
public record Extraction(String name, ExtractionSource source, String expression) {
    public Extraction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (source != ExtractionSource.STATUS) {
            Objects.requireNonNull(expression, "expression");
        }
    }
}
