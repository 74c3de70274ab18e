package dev.gantry.controlplane.common;

import java.io.IOException;

/**
 * A request body larger than its endpoint reads (413): declared so by its {@code Content-Length},
 * or found so while it was streamed. An {@link IOException}, since it is what reading the request's
 * input stream throws; whoever wraps it (a message converter) keeps it as the cause.
 *
 * @see dev.gantry.controlplane.bodies.BodyLimit
 */
public class BodyTooLargeException extends IOException {
    private final String limit;
    private final long maxBytes;

    public BodyTooLargeException(String limit, long maxBytes) {
        super("the request body is larger than " + maxBytes + " bytes (" + limit + ")");
        this.limit = limit;
        this.maxBytes = maxBytes;
    }

    /** The property that holds the limit. */
    public String limit() {
        return limit;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
