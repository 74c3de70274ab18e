package dev.gantry.demo;

/** Renders the one-line progress of a run; a pure function so every shape of it can be tested. */
final class ProgressBar {

    /** Characters of the bar: block glyphs for terminals, plain ASCII for logs and pipes. */
    enum Style {
        UNICODE('█', '░', "✓ ", "✗ "),
        ASCII('#', '.', "passed ", "failed ");

        private final char full;
        private final char empty;
        private final String passed;
        private final String failed;

        Style(char full, char empty, String passed, String failed) {
            this.full = full;
            this.empty = empty;
            this.passed = passed;
            this.failed = failed;
        }
    }

    private ProgressBar() {}

    /**
     * A line such as {@code [███░░]  2,345/4,000 steps  1,234 steps/s  ✓ 2,300  ✗ 45}. The count of done steps
     * is padded to the width of the total so the line does not jitter while it is redrawn.
     */
    static String render(
            long done, long total, double stepsPerSecond, long passed, long failed, int width, Style style) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.max(0, done * width / total));
        String totalText = Format.count(total);
        String doneText = Format.count(done);
        return "[" + String.valueOf(style.full).repeat(filled)
                + String.valueOf(style.empty).repeat(width - filled) + "]  "
                + " ".repeat(Math.max(0, totalText.length() - doneText.length())) + doneText + "/" + totalText
                + " steps  " + Format.count(Math.round(Math.max(0, stepsPerSecond))) + " steps/s  "
                + style.passed + Format.count(passed) + "  " + style.failed + Format.count(failed);
    }
}
