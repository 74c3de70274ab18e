package dev.gantry.controlplane.security;

/** What a user may do: VIEWER reads, TESTER also writes and triggers runs, ADMIN also administers. */
public enum Role {
    VIEWER,
    TESTER,
    ADMIN;

    /** The role of that name, in any case; empty when there is none. */
    public static java.util.Optional<Role> named(String name) {
        return java.util.Arrays.stream(values())
                .filter(r -> r.name().equalsIgnoreCase(name == null ? "" : name.strip()))
                .findFirst();
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}
