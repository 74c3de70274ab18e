package dev.gantry.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/** Steps per second over a sliding window, so the figure follows the current pace rather than the average. */
final class RateMeter {

    private record Sample(long nanos, long done) {}

    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateMeter(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Records that {@code done} steps were complete at {@code nanos} and answers the current rate. */
    double record(long nanos, long done) {
        samples.addLast(new Sample(nanos, done));
        // Keep the newest sample that is at least a window old as the base of the measurement.
        while (samples.size() > 2 && nanos - secondOldest().nanos() >= windowNanos) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        long elapsed = nanos - base.nanos();
        return elapsed <= 0 ? 0 : (done - base.done()) * 1e9 / elapsed;
    }

    private Sample secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }
}
