package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    private static final List<CaseResult> CASES = List.of(
            new CaseResult("create item", 1000, 0, 0, 0, 2.14, 5.3),
            new CaseResult("read item back", 1000, 0, 0, 0, 1.0, 12.25),
            new CaseResult("list items", 1000, 0, 0, 0, null, null),
            new CaseResult("price within discount limit", 900, 100, 0, 0, 1.1, 1234.5));

    @Test
    void alignsColumnsAndSeparatesThousands() {
        List<String> lines = SummaryTable.render(CASES, new RunTotals(1000, 4000, 4000, 3900, 100, 0, 0));

        assertThat(lines)
                .containsExactly(
                        "case                         passed  failed  skipped  errored  p50 ms   p95 ms",
                        "create item                   1,000       0        0        0     2.1      5.3",
                        "read item back                1,000       0        0        0     1.0     12.3",
                        "list items                    1,000       0        0        0       -        -",
                        "price within discount limit     900     100        0        0     1.1  1,234.5",
                        "-".repeat(78),
                        "total                         3,900     100        0        0");
    }

    @Test
    void narrowNamesStillLeaveRoomForTheHeaderAndTotals() {
        List<String> lines = SummaryTable.render(
                List.of(new CaseResult("a", 12_345_678, 1, 2, 3, 0.04, 0.06)),
                new RunTotals(1, 12_345_684, 12_345_684, 12_345_678, 1, 2, 3));

        assertThat(lines)
                .containsExactly(
                        "case       passed  failed  skipped  errored  p50 ms  p95 ms",
                        "a      12,345,678       1        2        3     0.0     0.1",
                        "-".repeat(59),
                        "total  12,345,678       1        2        3");
    }

    @Test
    void withoutCaseResultsOnlyTotalsAreShown() {
        assertThat(SummaryTable.render(List.of(), new RunTotals(1, 4, 4, 4, 0, 0, 0)))
                .containsExactly(
                        "case   passed  failed  skipped  errored  p50 ms  p95 ms",
                        "-".repeat(55),
                        "total       4       0        0        0");
    }

    @Test
    void runLineShowsStatusDurationAndRate() {
        assertThat(SummaryTable.runLine("FAILED", 3200L, 4000))
                .isEqualTo("run FAILED in 3.2 s: 4,000 steps, 1,250 steps/s");
        assertThat(SummaryTable.runLine("ERROR", null, 0)).isEqualTo("run ERROR: 0 steps");
        assertThat(SummaryTable.runLine("PASSED", 0L, 4)).isEqualTo("run PASSED in 0.0 s: 4 steps");
    }

    @Test
    void failureLineNamesCaseRowCheckAndValues() {
        FailedStep step = new FailedStep(
                "price within discount limit",
                9,
                List.of(new FailedStep.Check("$.price lessThan", "a number < 100", "102.5")),
                null);

        assertThat(SummaryTable.failureLines(step, true))
                .containsExactly(
                        "✗ price within discount limit (row 9): $.price lessThan — expected a number < 100 but was 102.5");
        assertThat(SummaryTable.failureLines(step, false))
                .containsExactly(
                        "x price within discount limit (row 9): $.price lessThan - expected a number < 100 but was 102.5");
    }

    @Test
    void stepErrorIsShownWhenThereAreNoChecks() {
        FailedStep step = new FailedStep("read item back", 3, List.of(), "connect timed out");

        assertThat(SummaryTable.failureLines(step, true))
                .containsExactly("✗ read item back (row 3): connect timed out");
    }
}
