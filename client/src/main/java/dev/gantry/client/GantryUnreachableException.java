package dev.gantry.client;

import java.io.IOException;
import java.net.URI;

/** The control plane could not be reached or did not answer in time; the cause is the JDK's I/O exception. */
public final class GantryUnreachableException extends GantryClientException {

    GantryUnreachableException(URI baseUrl, IOException cause) {
        super("the control plane at " + baseUrl + " does not answer (" + describe(cause) + ")", cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }

    // Connection failures often carry no message at all, so the exception type has to say what happened.
    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }
}
