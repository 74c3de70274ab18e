package dev.gantry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    static final Results.Baseline BASELINE = new Results.Baseline(512, 10, 300_000, 30_000, 5.0, 50.0);

    static Results.Run run(int workers, int rows, double stepsPerSecond, long firstRequestMs, double heapMb) {
        return new Results.Run(
                workers,
                rows,
                rows * 3L,
                "PASSED",
                1000,
                stepsPerSecond,
                1.0,
                9.0,
                firstRequestMs,
                500,
                1000,
                List.of(heapMb),
                List.of(400.0));
    }

    @Test
    void verdictsCompareTheRunsWithTheTargets() {
        List<Results.Farm> farms = List.of(
                new Results.Farm(1, List.of(run(1, 1_000, 3_000, 250, 40), run(1, 100_000, 21_000, 2_000, 43))),
                new Results.Farm(2, List.of(run(2, 1_000, 3_000, 320, 40), run(2, 100_000, 20_000, 2_100, 50))));
        List<Report.Verdict> verdicts = Report.verdicts(BASELINE, farms);

        assertThat(verdicts).extracting(Report.Verdict::met).containsExactly(true, true, true, true, false, true);
        assertThat(verdicts.get(0).measured()).isEqualTo("21,000 steps/s (1 worker(s), 100,000 rows)");
        assertThat(verdicts.get(1).measured()).isEqualTo("70%");
        assertThat(verdicts.get(2).measured()).isEqualTo("250 ms (1,000 rows)");
        assertThat(verdicts.get(4).measured()).isEqualTo("40.0 MB → 50.0 MB (+25%)");
        assertThat(verdicts.get(5).measured()).isEqualTo("21,000 → 20,000 steps/s");
    }

    @Test
    void theTableHasTheBaselineAndOneLinePerRun() {
        String table =
                Report.table(BASELINE, List.of(new Results.Farm(1, List.of(run(1, 100_000, 21_000, 2_000, 43)))));
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1))
                .startsWith("raw baseline (c=512)")
                .contains("30,000")
                .contains("100%");
        assertThat(lines.get(2))
                .startsWith("farm")
                .contains("100,000")
                .contains("21,000")
                .contains("70%")
                .contains("2000");
    }
}
