package dev.gantry.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Ways to wait that name what is awaited, for Awaitility's failures to say it. Waiting for
 * something to happen is {@code await("what").atMost(..).untilAsserted(..)}; this class adds the
 * other half: showing that something does not happen.
 */
public final class Waiting {
    /** How long after the span a check that keeps failing is given up, so a failure is reported soon. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private static final Duration POLL = Duration.ofMillis(100);

    private Waiting() {}

    /**
     * A condition that must hold, polled, throughout {@code span}: {@code throughout("the queued run
     * stays queued", ofMillis(1500)).untilAsserted(..)}. A single check after a sleep would miss a
     * state that came and went. Awaitility starts the span again after a poll that fails, so the
     * condition should be one that, once broken, stays broken (a run that left QUEUED never comes
     * back to it; a counter that grew does not shrink): the span then cannot be completed again
     * within the margin, and the await fails naming {@code what}.
     */
    public static ConditionFactory throughout(String what, Duration span) {
        return Awaitility.await(what).during(span).atMost(span.plus(MARGIN)).pollInterval(POLL);
    }
}
