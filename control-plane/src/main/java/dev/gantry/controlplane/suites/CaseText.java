package dev.gantry.controlplane.suites;

/**
 * What a tester reads to do a case by hand (seed {@code test_cases}: preconditions, steps to
 * reproduce, expected result). Any of them may be null; an automated case may carry them too.
 */
public record CaseText(String preconditions, String steps, String expectedResult) {
    /** Each text is at most this many characters: pages of steps, not a document store. */
    public static final int MAX_LENGTH = 10_000;

    public static final CaseText NONE = new CaseText(null, null, null);
}
