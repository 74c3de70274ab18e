package dev.gantry.client;

import java.util.List;

/** One page of a run's step details, and how many steps match in all. */
public record StepPage(long total, List<Step> items) {

    public StepPage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** A step: which case on which data row, the checks that failed and the error that stopped it, if any. */
    public record Step(String caseName, int rowIndex, String status, List<Failure> failures, String error) {

        public Step {
            failures = failures == null ? List.of() : List.copyOf(failures);
        }
    }

    /** One expectation that did not hold. */
    public record Failure(String check, String expected, String actual) {}
}
