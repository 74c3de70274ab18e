package dev.gantry.model;

/** The kinds of trouble a retry policy may retry. */
public enum RetryOn {
    /** The connection could not be made (refused, connect timeout). */
    CONNECTION,
    /** No answer within the request's timeout. */
    TIMEOUT,
    /** A 5xx answer. */
    SERVER_ERROR,
    /** An expectation did not hold (any answer). */
    ASSERTION
}
