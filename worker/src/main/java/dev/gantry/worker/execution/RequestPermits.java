package dev.gantry.worker.execution;

import dev.gantry.model.RequestRate;

/** Leave to send one request under a run's cap on requests per second to its environment. */
public interface RequestPermits {
    /** Never waits: for runs without a cap, and for tests of the executor alone. */
    RequestPermits NONE = rate -> {};

    /** Waits until one more request may go out at {@code rate}. */
    void acquire(RequestRate rate) throws InterruptedException;
}
