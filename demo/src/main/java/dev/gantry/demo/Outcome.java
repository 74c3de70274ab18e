package dev.gantry.demo;

import java.util.ArrayList;
import java.util.List;

/** Compares a finished run with what the demo suite must produce and names every difference. */
final class Outcome {

    private Outcome() {}

    /** Empty when the run came out exactly as designed. */
    static List<String> differences(String expectedStatus, RunTotals expected, RunState run) {
        List<String> differences = new ArrayList<>();
        if (!expectedStatus.equals(run.status())) {
            differences.add("run status: expected " + expectedStatus + " but was " + run.status());
        }
        if (run.error() != null) {
            differences.add("run error: " + run.error());
        }
        RunTotals actual = run.totals();
        compare(differences, "work items", expected.workItems(), actual.workItems());
        compare(differences, "steps", expected.steps(), actual.steps());
        compare(differences, "done", expected.done(), actual.done());
        compare(differences, "passed", expected.passed(), actual.passed());
        compare(differences, "failed", expected.failed(), actual.failed());
        compare(differences, "skipped", expected.skipped(), actual.skipped());
        compare(differences, "errored", expected.errored(), actual.errored());
        return differences;
    }

    private static void compare(List<String> differences, String name, long expected, long actual) {
        if (expected != actual) {
            differences.add(name + ": expected " + Format.count(expected) + " but was " + Format.count(actual));
        }
    }
}
