package dev.gantry.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** Comparison a JSONPath or header check applies between the actual and the expected value. */
public enum CheckOperator {
    EQUALS("equals", true),
    NOT_EQUALS("notEquals", true),
    EXISTS("exists", false),
    NOT_EXISTS("notExists", false),
    CONTAINS("contains", true),
    MATCHES("matches", true),
    GREATER_THAN("greaterThan", true),
    LESS_THAN("lessThan", true),
    /** The JSON type: string, number, integer, boolean, array, object or null. */
    TYPE("type", true),
    /** The number of elements of an array or object, or the length of a string. */
    SIZE("size", true),
    /** Equal to one of the values of a JSON array, e.g. {@code ["PAID", "PENDING"]}. */
    ONE_OF("oneOf", true),
    /** A string, array or object with no characters, elements or members (Chai's {@code empty}); anything else fails. */
    EMPTY("empty", false),
    /** A string, array or object with at least one character, element or member; anything else fails. */
    NOT_EMPTY("notEmpty", false),
    /** A number greater than or equal to the expected one. */
    AT_LEAST("atLeast", true),
    /** A number less than or equal to the expected one. */
    AT_MOST("atMost", true);

    /** The JSON types {@link #TYPE} accepts. */
    public static final Set<String> JSON_TYPES =
            Set.of("string", "number", "integer", "boolean", "array", "object", "null");

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

    /** Whether the operator makes sense on a header value (plain text, no JSON structure). */
    public boolean appliesToHeaders() {
        return this != TYPE && this != SIZE;
    }

    public static Optional<CheckOperator> parse(String value) {
        return Arrays.stream(values())
                .filter(op -> op.wireName.equals(value) || op.name().equals(value))
                .findFirst();
    }
}
