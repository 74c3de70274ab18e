package dev.gantry.controlplane.common;

/** The caller is authenticated but its role does not allow the operation (403). */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
