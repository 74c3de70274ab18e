package dev.gantry.demo;

import dev.gantry.client.StepPage;
import java.util.List;

/** A step that did not pass, with the checks that failed or the error that stopped it. */
record FailedStep(String caseName, int rowIndex, List<Check> failures, String error) {

    /** One expectation that did not hold. */
    record Check(String check, String expected, String actual) {}

    static FailedStep from(StepPage.Step step) {
        return new FailedStep(
                step.caseName(),
                step.rowIndex(),
                step.failures().stream()
                        .map(f -> new Check(f.check(), f.expected(), f.actual()))
                        .toList(),
                step.error());
    }
}
