package dev.gantry.controlplane.suites;

/** What a case drives, which gives its readable id's prefix; Gantry's own cases are HTTP (API) cases. */
public enum CaseKind {
    API,
    UI,
    HYBRID;

    /** The prefix of this kind's readable ids, such as {@code TC_API_}. */
    public String prefix() {
        return "TC_" + name() + "_";
    }

    /** The readable id numbered {@code n}: at least three digits, more once past 999 (never cut). */
    public String readableId(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        return prefix() + String.format("%03d", n);
    }
}
