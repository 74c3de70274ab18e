package dev.gantry.model;

import java.util.Objects;

/** An expectation on a response header (names compare case-insensitively). */
public record HeaderCheck(String name, CheckOperator operator, String expected) {
    public HeaderCheck {
        Objects.requireNonNull(name, "name");
        operator = operator == null ? CheckOperator.EXISTS : operator;
        if (operator.needsExpected() && expected == null) {
            throw new IllegalArgumentException("expected is required for operator " + operator.wireName());
        }
    }
}
