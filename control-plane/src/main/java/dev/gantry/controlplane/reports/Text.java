package dev.gantry.controlplane.reports;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.StepDetail;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Small text helpers the report writers share. */
final class Text {
    private Text() {}

    /**
     * Drops what XML 1.0 cannot carry (most control characters, lone surrogates), which a
     * response body may well contain; a report must stay well-formed whatever the API answered.
     */
    static String xmlSafe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? s : out.toString();
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return xmlSafe(out.toString());
    }

    static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1_000_000.0);
    }

    static String millis(Double ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** The step's trouble in one line: its failed expectations, or its error. */
    static String message(StepDetail d) {
        if (!d.failures().isEmpty()) {
            return d.failures().stream().map(AssertionFailure::message).collect(Collectors.joining("; "));
        }
        return d.error() == null ? d.status().name().toLowerCase(Locale.ROOT) : d.error();
    }

    /** Request line, response status and body: what a reader of a failure wants next to the message. */
    static String exchange(StepDetail d) {
        StringBuilder s = new StringBuilder();
        for (AssertionFailure f : d.failures()) {
            s.append(f.check())
                    .append("\n  expected: ")
                    .append(f.expected())
                    .append("\n  actual:   ")
                    .append(f.actual())
                    .append('\n');
        }
        if (d.error() != null) {
            s.append("error: ").append(d.error()).append('\n');
        }
        s.append(d.method()).append(' ').append(d.url()).append('\n');
        if (d.responseStatus() != null) {
            s.append("HTTP ")
                    .append(d.responseStatus())
                    .append(" in ")
                    .append(seconds(d.durationMicros()))
                    .append(" s\n");
        }
        if (d.responseBody() != null && !d.responseBody().isEmpty()) {
            s.append(d.responseBody()).append('\n');
        }
        return s.toString();
    }

    static String headers(Map<String, String> headers) {
        return headers.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** A test case's name inside its case: the data row, or "once" for setup and teardown. */
    static String testName(StepDetail d) {
        return d.rowIndex() >= 0 ? "row " + d.rowIndex() : "once";
    }
}
