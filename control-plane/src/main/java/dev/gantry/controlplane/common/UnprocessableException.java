package dev.gantry.controlplane.common;

/**
 * Well-formed but not actionable in the current state, e.g. running a suite with no cases (422);
 * {@code field} names what the caller can change to make it so, when there is one.
 */
public class UnprocessableException extends RuntimeException {
    private final String code;
    private final String field;

    public UnprocessableException(String code, String message) {
        this(code, null, message);
    }

    public UnprocessableException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    /** The field or parameter to change, or null. */
    public String field() {
        return field;
    }
}
