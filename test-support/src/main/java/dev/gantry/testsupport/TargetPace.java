package dev.gantry.testsupport;

import java.time.Duration;

/**
 * How long a test's HTTP target takes to answer. A slow or stalled answer is the target's
 * behaviour under test, not a wait of the test: there is no condition to await, only time for the
 * target to let pass before it answers. Tests themselves wait with Awaitility.
 */
public final class TargetPace {
    private TargetPace() {}

    /** Holds the target's answer for {@code delay}; an interrupted target answers at once. */
    public static void pause(Duration delay) {
        try {
            // the one sleep of the tests: it is the target's pace, nothing is awaited
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void pauseMillis(long millis) {
        pause(Duration.ofMillis(millis));
    }
}
