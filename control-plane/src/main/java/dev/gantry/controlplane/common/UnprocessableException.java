package dev.gantry.controlplane.common;

/** Well-formed but not actionable in the current state, e.g. running a suite with no cases (422). */
public class UnprocessableException extends RuntimeException {
    private final String code;

    public UnprocessableException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
