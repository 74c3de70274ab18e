package dev.gantry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmark's table and its verdicts against the targets of the "Speed" issue. */
final class Report {
    static final double TARGET_STEPS_PER_SECOND = 10_000;
    static final double TARGET_RATIO = 0.70;
    static final long TARGET_FIRST_REQUEST_MS = 300;
    static final double TARGET_HEAP_GROWTH = 0.10;

    /** One target and whether the measurements meet it. */
    record Verdict(String target, boolean met, String measured) {}

    private Report() {}

    static String table(Results.Baseline baseline, List<Results.Farm> farms) {
        StringBuilder out = new StringBuilder();
        String header = "%-22s %7s %9s %9s %7s %8s %8s %11s %8s %9s %8s %11s %9s%n";
        String row = "%-22s %7s %9s %9s %7s %8s %8s %11s %8s %9s %8s %11s %9s%n";
        out.append(String.format(
                Locale.ROOT,
                header,
                "",
                "workers",
                "rows",
                "steps/s",
                "vs raw",
                "p50 ms",
                "p99 ms",
                "1st req ms",
                "wall s",
                "heap MB",
                "RSS MB",
                "Redis B/step",
                "PG stmts"));
        out.append(String.format(
                Locale.ROOT,
                row,
                "raw baseline (c=" + baseline.concurrency() + ")",
                "-",
                "-",
                thousands(baseline.stepsPerSecond()),
                "100%",
                decimal(baseline.p50Ms()),
                decimal(baseline.p99Ms()),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-"));
        for (Results.Farm farm : farms) {
            for (Results.Run run : farm.runs()) {
                out.append(String.format(
                        Locale.ROOT,
                        row,
                        "farm" + (run.status().equals("PASSED") ? "" : " " + run.status()),
                        run.workers(),
                        thousands(run.rows()),
                        thousands(run.stepsPerSecond()),
                        percent(run.stepsPerSecond() / baseline.stepsPerSecond()),
                        decimal(run.p50Ms()),
                        decimal(run.p99Ms()),
                        run.triggerToFirstRequestMs() == null ? "-" : run.triggerToFirstRequestMs(),
                        decimal(run.wallMs() / 1000.0),
                        joined(run.workerHeapAfterGcMb()),
                        joined(run.workerRssMb()),
                        thousands(run.redisBytesPerStep()),
                        thousands(run.postgresStatements())));
            }
        }
        return out.toString();
    }

    static List<Verdict> verdicts(Results.Baseline baseline, List<Results.Farm> farms) {
        List<Verdict> verdicts = new ArrayList<>();
        Optional<Results.Run> best = farms.stream()
                .flatMap(f -> f.runs().stream())
                .max((a, b) -> Double.compare(a.stepsPerSecond(), b.stepsPerSecond()));
        best.ifPresent(run -> {
            verdicts.add(new Verdict(
                    "≥ 10,000 asserted, chained steps/s end to end",
                    run.stepsPerSecond() >= TARGET_STEPS_PER_SECOND,
                    thousands(run.stepsPerSecond()) + " steps/s (" + run.workers() + " worker(s), "
                            + thousands(run.rows()) + " rows)"));
            double ratio = run.stepsPerSecond() / baseline.stepsPerSecond();
            verdicts.add(new Verdict("≥ 70 % of the raw baseline", ratio >= TARGET_RATIO, percent(ratio)));
        });
        farms.stream()
                .flatMap(f -> f.runs().stream())
                .filter(r -> r.triggerToFirstRequestMs() != null)
                .min((a, b) -> Integer.compare(a.rows(), b.rows()))
                .ifPresent(run -> verdicts.add(new Verdict(
                        "trigger → first request < 300 ms (warm workers)",
                        run.triggerToFirstRequestMs() < TARGET_FIRST_REQUEST_MS,
                        run.triggerToFirstRequestMs() + " ms (" + thousands(run.rows()) + " rows)")));
        for (Results.Farm farm : farms) {
            if (farm.runs().size() < 2) {
                continue;
            }
            Results.Run small = farm.runs().getFirst();
            Results.Run large = farm.runs().getLast();
            double before = small.workerHeapAfterGcMb().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            double after = large.workerHeapAfterGcMb().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            double growth = after / before - 1;
            verdicts.add(new Verdict(
                    "heap after GC, " + thousands(large.rows()) + " rows within 10 % of " + thousands(small.rows())
                            + " rows (" + farm.workers() + " worker(s))",
                    growth <= TARGET_HEAP_GROWTH,
                    decimal(before) + " MB → " + decimal(after) + " MB (" + (growth >= 0 ? "+" : "") + percent(growth)
                            + ")"));
        }
        if (farms.size() >= 2) {
            Results.Run one = farms.getFirst().runs().getLast();
            Results.Run two = farms.get(1).runs().getLast();
            verdicts.add(new Verdict(
                    farms.get(1).workers() + " workers do not lose throughput against "
                            + farms.getFirst().workers(),
                    two.stepsPerSecond() >= one.stepsPerSecond() * 0.95,
                    thousands(one.stepsPerSecond()) + " → " + thousands(two.stepsPerSecond()) + " steps/s"));
        }
        return verdicts;
    }

    static String verdictLines(List<Verdict> verdicts) {
        StringBuilder out = new StringBuilder();
        for (Verdict v : verdicts) {
            out.append(v.met() ? "  met      " : "  NOT MET  ")
                    .append(v.target())
                    .append(": ")
                    .append(v.measured())
                    .append('\n');
        }
        return out.toString();
    }

    static String thousands(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String decimal(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String joined(List<Double> values) {
        return String.join(
                "/",
                values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
