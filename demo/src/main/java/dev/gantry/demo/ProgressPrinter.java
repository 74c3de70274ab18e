package dev.gantry.demo;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Shows run progress: a line redrawn in place on a terminal, a plain line every few seconds elsewhere. */
final class ProgressPrinter {

    static final int BAR_WIDTH = 20;
    private static final long PLAIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final PrintStream out;
    private final boolean terminal;
    private final ProgressBar.Style style;
    private final RateMeter rate = new RateMeter(RATE_WINDOW_NANOS);
    private long lastPlainNanos;
    private boolean printedPlain;
    private int lastLength;

    ProgressPrinter(PrintStream out, boolean terminal, ProgressBar.Style style) {
        this.out = out;
        this.terminal = terminal;
        this.style = style;
    }

    void update(RunTotals totals, long nanos) {
        String line = line(totals, rate.record(nanos, totals.done()));
        if (terminal) {
            redraw(line);
        } else if (!printedPlain || nanos - lastPlainNanos >= PLAIN_INTERVAL_NANOS) {
            out.println(line);
            lastPlainNanos = nanos;
            printedPlain = true;
        }
    }

    /** Shows the final counters and leaves the cursor on a fresh line. */
    void finish(RunTotals totals, long nanos) {
        String line = line(totals, rate.record(nanos, totals.done()));
        if (terminal) {
            redraw(line);
            out.println();
        } else {
            out.println(line);
        }
    }

    private String line(RunTotals totals, double stepsPerSecond) {
        return ProgressBar.render(
                totals.done(), totals.steps(), stepsPerSecond, totals.passed(), totals.failed(), BAR_WIDTH, style);
    }

    private void redraw(String line) {
        // Blanks over the tail of a longer previous line, which \r alone would leave on screen.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }
}
