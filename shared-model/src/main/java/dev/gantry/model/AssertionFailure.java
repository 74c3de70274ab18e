package dev.gantry.model;

/** One expectation that did not hold, with what was expected and what came back. */
public record AssertionFailure(String check, String expected, String actual) {
    /** A one-line, human-readable form, e.g. {@code $.price equals: expected 10 but was 9.99}. */
    public String message() {
        return check + ": expected " + expected + " but was " + actual;
    }
}
