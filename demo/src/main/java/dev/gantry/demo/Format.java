package dev.gantry.demo;

import java.util.Locale;

/** Number formatting shared by the progress bar and the summary, fixed to one locale so output is stable. */
final class Format {

    private Format() {}

    /** A count with thousands separators, e.g. {@code 4,000}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Milliseconds with one decimal, or {@code -} when the control plane has no figure. */
    static String millis(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** Steps per second over a duration of at least one millisecond. */
    static String rate(long steps, long durationMs) {
        return count(Math.round(steps * 1000.0 / durationMs));
    }

    static String seconds(long durationMs) {
        return String.format(Locale.ROOT, "%,.1f s", durationMs / 1000.0);
    }
}
