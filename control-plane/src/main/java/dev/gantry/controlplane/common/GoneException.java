package dev.gantry.controlplane.common;

/** The data existed but has expired, e.g. step details past the plan's retention (410). */
public class GoneException extends RuntimeException {
    public GoneException(String message) {
        super(message);
    }
}
