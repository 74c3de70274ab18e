package dev.gantry.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Newman's and Gantry's verdicts on one collection, request by request: how many iterations (data
 * rows) passed and how many did not. A request's counts are the same, or it differs on purpose (it is
 * listed, with the reason, in the parity test's table of deliberate differences), or it differs.
 */
record Parity(String collection, String heading, List<Row> rows) {

    enum Verdict {
        SAME,
        DELIBERATE,
        DIFFERS
    }

    /** Gantry's counts for one case: steps passed (with the flaky, which pass), failed, errored, skipped. */
    record Counts(long passed, long failed, long errored, long skipped) {
        /** Steps that did not pass: Newman runs every request of an iteration, so a skipped one did not pass. */
        long notPassed() {
            return failed + errored + skipped;
        }
    }

    /**
     * A difference kept on purpose: Gantry's counts for the request as documented, and why they differ from
     * Newman's. Any other difference of the same request is not the documented one, and fails.
     */
    record Deliberate(long gantryPassed, long gantryNotPassed, String reason) {
        boolean matches(Counts counts) {
            return counts != null && counts.passed() == gantryPassed && counts.notPassed() == gantryNotPassed;
        }
    }

    /**
     * One request: Newman's tally, Gantry's counts (null when the import made no case of it), the verdict and
     * what explains it (the deliberate reason, or the importer's notes on the request).
     */
    record Row(String request, Newman.Tally newman, Counts gantry, Verdict verdict, String note) {}

    /**
     * Compares, in the collection's order: every request Newman ran, then every case Gantry ran that Newman
     * did not.
     *
     * @param deliberate the differences kept on purpose, by {@code "collection: request"}
     * @param notes what the importer said of each request (its unmapped lines), by request
     */
    static Parity compare(
            String collection,
            String heading,
            Map<String, Newman.Tally> newman,
            Map<String, Counts> gantry,
            Map<String, Deliberate> deliberate,
            Map<String, List<String>> notes) {
        Set<String> requests = new LinkedHashSet<>(newman.keySet());
        requests.addAll(gantry.keySet());
        List<Row> rows = new ArrayList<>();
        for (String request : requests) {
            Newman.Tally n = newman.getOrDefault(request, new Newman.Tally(0, 0));
            Counts g = gantry.get(request);
            boolean same = g != null && n.passed() == g.passed() && n.failed() == g.notPassed();
            Deliberate listed = deliberate.get(collection + ": " + request);
            boolean documented = !same && listed != null && listed.matches(g);
            Verdict verdict = same ? Verdict.SAME : documented ? Verdict.DELIBERATE : Verdict.DIFFERS;
            String note;
            if (documented) {
                note = listed.reason();
            } else if (listed != null) {
                note = "listed as a deliberate difference with Gantry at " + listed.gantryPassed() + "/"
                        + listed.gantryNotPassed() + ", " + (same ? "but the same as Newman now" : "but not that one")
                        + (same ? "" : "; " + String.join("; ", notes.getOrDefault(request, List.of())));
            } else if (same) {
                note = "";
            } else if (g == null) {
                note = "no case: " + String.join("; ", notes.getOrDefault(request, List.of("not imported")));
            } else if (!newman.containsKey(request)) {
                note = "a case Newman has no request for";
            } else {
                note = String.join("; ", notes.getOrDefault(request, List.of("the importer noted nothing of it")));
            }
            rows.add(new Row(request, n, g, verdict, note));
        }
        return new Parity(collection, heading, List.copyOf(rows));
    }

    List<Row> differing() {
        return rows.stream().filter(r -> r.verdict() == Verdict.DIFFERS).toList();
    }

    /** The comparison as a table a person reads: one line per request, and why where it is not the same. */
    String table() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"request", "Newman passed/failed", "Gantry passed/failed", "verdict"});
        for (Row row : rows) {
            lines.add(new String[] {
                row.request(),
                row.newman().passed() + "/" + row.newman().failed(),
                row.gantry() == null
                        ? "no case"
                        : row.gantry().passed() + "/" + row.gantry().notPassed() + breakdown(row.gantry()),
                row.verdict().name().toLowerCase(java.util.Locale.ROOT)
            });
        }
        int[] widths = new int[4];
        for (String[] line : lines) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder(heading).append('\n');
        for (int l = 0; l < lines.size(); l++) {
            String[] line = lines.get(l);
            out.append("  ")
                    .append(pad(line[0], widths[0]))
                    .append("  ")
                    .append(padLeft(line[1], widths[1]))
                    .append("  ")
                    .append(padLeft(line[2], widths[2]))
                    .append("  ")
                    .append(line[3])
                    .append('\n');
            if (l > 0 && !rows.get(l - 1).note().isEmpty()) {
                out.append("      ")
                        .append(shorten(rows.get(l - 1).note(), 400))
                        .append('\n');
            }
        }
        Map<Verdict, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        out.append("  ")
                .append(counts.getOrDefault(Verdict.SAME, 0))
                .append(" same, ")
                .append(counts.getOrDefault(Verdict.DELIBERATE, 0))
                .append(" deliberate, ")
                .append(counts.getOrDefault(Verdict.DIFFERS, 0))
                .append(" differ\n");
        return out.toString();
    }

    /** Of the steps that did not pass, how many errored or were skipped, when any did. */
    private static String breakdown(Counts counts) {
        List<String> parts = new ArrayList<>();
        if (counts.errored() > 0) {
            parts.add(counts.errored() + " errored");
        }
        if (counts.skipped() > 0) {
            parts.add(counts.skipped() + " skipped");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
