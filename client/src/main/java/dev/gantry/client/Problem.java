package dev.gantry.client;

import java.util.List;

/**
 * An RFC 9457 problem detail as the control plane sends it: {@code code} is Gantry's stable error code and
 * {@code errors} names the offending fields (empty when no field is to blame).
 */
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One field the control plane refused, and why. */
    public record FieldError(String field, String message) {}
}
