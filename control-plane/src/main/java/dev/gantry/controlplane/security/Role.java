package dev.gantry.controlplane.security;

/** What a user may do: VIEWER reads, TESTER also writes and triggers runs, ADMIN also administers. */
public enum Role {
    VIEWER,
    TESTER,
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}
