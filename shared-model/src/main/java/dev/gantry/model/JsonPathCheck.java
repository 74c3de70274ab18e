package dev.gantry.model;

import java.util.Objects;

/** An expectation on the value a JSONPath selects from the response body. */
public record JsonPathCheck(String path, CheckOperator operator, String expected) {
    public JsonPathCheck {
        Objects.requireNonNull(path, "path");
        operator = operator == null ? CheckOperator.EQUALS : operator;
        if (operator.needsExpected() && expected == null) {
            throw new IllegalArgumentException("expected is required for operator " + operator.wireName());
        }
    }
}
