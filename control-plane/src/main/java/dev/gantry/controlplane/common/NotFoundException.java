package dev.gantry.controlplane.common;

import java.util.UUID;

/** The resource does not exist, or belongs to another tenant (both answer 404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String kind, UUID id) {
        this(kind, String.valueOf(id));
    }

    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " not found");
    }
}
