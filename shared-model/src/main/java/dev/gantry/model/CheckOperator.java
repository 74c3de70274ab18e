package dev.gantry.model;

import java.util.Arrays;
import java.util.Optional;

/** Comparison a JSONPath or header check applies between the actual and the expected value. */
public enum CheckOperator {
    EQUALS("equals", true),
    NOT_EQUALS("notEquals", true),
    EXISTS("exists", false),
    NOT_EXISTS("notExists", false),
    CONTAINS("contains", true),
    MATCHES("matches", true),
    GREATER_THAN("greaterThan", true),
    LESS_THAN("lessThan", true);

    private final String wireName;
    private final boolean needsExpected;

    CheckOperator(String wireName, boolean needsExpected) {
        this.wireName = wireName;
        this.needsExpected = needsExpected;
    }

    /** The name used in the REST API and in failure messages. */
    public String wireName() {
        return wireName;
    }

    public boolean needsExpected() {
        return needsExpected;
    }

    public static Optional<CheckOperator> parse(String value) {
        return Arrays.stream(values())
                .filter(op -> op.wireName.equals(value) || op.name().equals(value))
                .findFirst();
    }
}
