package dev.gantry.demo;

import java.util.ArrayList;
import java.util.List;

/** Formats the end-of-run summary: per-case table, totals, run line and failure examples; all pure functions. */
final class SummaryTable {

    private static final String[] HEADERS = {"case", "passed", "failed", "skipped", "errored", "p50 ms", "p95 ms"};
    private static final String TOTAL_LABEL = "total";
    private static final String GAP = "  ";

    private SummaryTable() {}

    /**
     * One line per case, a rule and a totals line. Names are left-aligned, numbers right-aligned with thousands
     * separators; every column is as wide as its widest cell.
     */
    static List<String> render(List<CaseResult> cases, RunTotals totals) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (CaseResult c : cases) {
            rows.add(new String[] {
                c.name(),
                Format.count(c.passed()),
                Format.count(c.failed()),
                Format.count(c.skipped()),
                Format.count(c.errored()),
                Format.millis(c.p50Ms()),
                Format.millis(c.p95Ms())
            });
        }
        String[] totalRow = {
            TOTAL_LABEL,
            Format.count(totals.passed()),
            Format.count(totals.failed()),
            Format.count(totals.skipped()),
            Format.count(totals.errored()),
            "",
            ""
        };
        rows.add(totalRow);
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int col = 0; col < row.length; col++) {
                widths[col] = Math.max(widths[col], row[col].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows.subList(0, rows.size() - 1)) {
            lines.add(line(row, widths));
        }
        int tableWidth = lines.getFirst().length();
        lines.add("-".repeat(tableWidth));
        lines.add(line(totalRow, widths).stripTrailing());
        return lines;
    }

    /** E.g. {@code run FAILED in 3.2 s: 4,000 steps, 1,250 steps/s}; parts the control plane did not report are left out. */
    static String runLine(String status, Long durationMs, long steps) {
        String line = "run " + status;
        if (durationMs != null) {
            line += " in " + Format.seconds(durationMs);
        }
        line += ": " + Format.count(steps) + " steps";
        if (durationMs != null && durationMs > 0) {
            line += ", " + Format.rate(steps, durationMs) + " steps/s";
        }
        return line;
    }

    /**
     * E.g. {@code ✗ price within discount limit (row 9): $.price lessThan — expected a number < 100 but was 102.5};
     * one line per failed check, or one for the error when the step could not be checked at all.
     */
    static List<String> failureLines(FailedStep step, boolean unicode) {
        String mark = unicode ? "✗" : "x";
        String dash = unicode ? "—" : "-";
        String prefix = mark + " " + step.caseName() + " (row " + step.rowIndex() + "): ";
        List<String> lines = new ArrayList<>();
        for (FailedStep.Check check : step.failures()) {
            lines.add(prefix + check.check() + " " + dash + " expected " + check.expected() + " but was "
                    + check.actual());
        }
        if (step.error() != null) {
            lines.add(prefix + step.error());
        }
        if (lines.isEmpty()) {
            lines.add(prefix + "failed without details");
        }
        return lines;
    }

    private static String line(String[] row, int[] widths) {
        StringBuilder line = new StringBuilder(pad(row[0], widths[0], false));
        for (int col = 1; col < row.length; col++) {
            line.append(GAP).append(pad(row[col], widths[col], true));
        }
        return line.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }
}
