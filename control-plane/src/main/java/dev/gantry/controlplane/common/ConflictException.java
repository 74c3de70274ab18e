package dev.gantry.controlplane.common;

/** The request conflicts with stored state, e.g. a duplicate name (409). */
public class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
