package dev.gantry.demo;

/** The control plane could not be reached or did not answer in time. */
public final class ControlPlaneUnreachableException extends RuntimeException {

    ControlPlaneUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
