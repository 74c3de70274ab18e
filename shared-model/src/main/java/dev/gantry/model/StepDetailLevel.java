package dev.gantry.model;

/**
 * How much of each step a run keeps in Redis, set per suite. Counting, latencies and verdicts are
 * the same at every level; only what can be read back per step differs.
 */
public enum StepDetailLevel {
    /** Every step with its request and response, headers and bodies. */
    ALL,
    /**
     * A chain with any step that did not pass at its first attempt (failed, errored, skipped, flaky,
     * or an answer that did not conform to its documentation) keeps all of its steps whole, so a
     * failure is read together with the passed steps that led to it. Chains that passed keep each
     * step abridged (method, URL, answer status, size and timing; no headers or bodies), except
     * one work item in {@link #SAMPLE_EVERY}, kept whole as a sample of what passing looks like.
     */
    FAILURES_AND_SAMPLE;

    /** Under {@link #FAILURES_AND_SAMPLE}, work items whose seq is a multiple of this are kept whole. */
    public static final int SAMPLE_EVERY = 100;

    /** Whether the steps of a passed chain are kept whole. */
    public boolean keepsPassedChain(long workItemSeq) {
        return this == ALL || workItemSeq % SAMPLE_EVERY == 0;
    }
}
