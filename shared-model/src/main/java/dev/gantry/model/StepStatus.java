package dev.gantry.model;

/** Outcome of one executed (or skipped) HTTP step. */
public enum StepStatus {
    /** Every expectation held. */
    PASSED,
    /** Every expectation held, but only on a retry: passed, and worth a look. */
    FLAKY,
    /** The request completed but at least one expectation did not hold. */
    FAILED,
    /** Not executed because an earlier step of the same chain did not pass. */
    SKIPPED,
    /** The step could not be evaluated: transport error, timeout, template or extraction error. */
    ERRORED;

    public boolean successful() {
        return this == PASSED || this == FLAKY;
    }
}
