package dev.gantry.controlplane.suites;

/** A suite's review: PENDING from the time it enters DRAFT until a person approves or rejects it. */
public enum ReviewStatus {
    PENDING,
    APPROVED,
    REJECTED
}
