package dev.gantry.controlplane.common;

/** One invalid field of a request, as reported in a problem detail. */
public record FieldViolation(String field, String message) {}
