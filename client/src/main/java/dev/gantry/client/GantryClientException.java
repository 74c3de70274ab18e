package dev.gantry.client;

/**
 * Anything that keeps a call from getting a usable answer. The subclasses say which side failed:
 * {@link GantryApiException} (the control plane answered with an error) and {@link GantryUnreachableException}
 * (no answer at all); this class itself covers an answer too large to read or not readable as JSON, and a
 * report that could not be saved.
 */
public class GantryClientException extends RuntimeException {

    public GantryClientException(String message) {
        super(message);
    }

    public GantryClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
