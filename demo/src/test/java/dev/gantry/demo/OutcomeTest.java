package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final RunTotals EXPECTED = DemoSuite.expectedTotals(1000);

    @Test
    void exactMatchHasNoDifferences() {
        assertThat(Outcome.differences("FAILED", EXPECTED, run("FAILED", EXPECTED, null)))
                .isEmpty();
    }

    @Test
    void namesEveryNumberThatDiffers() {
        RunTotals actual = new RunTotals(1000, 4000, 3998, 3901, 97, 0, 2);

        assertThat(Outcome.differences("FAILED", EXPECTED, run("FAILED", actual, null)))
                .containsExactly(
                        "done: expected 4,000 but was 3,998",
                        "passed: expected 3,900 but was 3,901",
                        "failed: expected 100 but was 97",
                        "errored: expected 0 but was 2");
    }

    @Test
    void reportsAWrongStatusAndTheRunError() {
        assertThat(Outcome.differences("FAILED", EXPECTED, run("ERROR", EXPECTED, "no worker answered")))
                .containsExactly("run status: expected FAILED but was ERROR", "run error: no worker answered");
    }

    private static RunState run(String status, RunTotals totals, String error) {
        return new RunState("run-1", status, totals, 1200L, error, List.of());
    }
}
