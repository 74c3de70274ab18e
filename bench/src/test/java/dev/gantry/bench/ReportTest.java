package dev.gantry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    static final Results.Baseline BASELINE =
            new Results.Baseline(512, 10, 300_000, 30_000, 5.0, 50.0, 0.060, 0.030, 0.002);
    static final Results.Baselines ONCE = new Results.Baselines(BASELINE, null);

    static Map<String, Double> cpu(double workers, double controlPlane) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put(ProcessCpu.WORKERS, workers);
        cpu.put(ProcessCpu.CONTROL_PLANE, controlPlane);
        cpu.put("postgresql", 0.005);
        cpu.put("redis", 0.005);
        cpu.put("rabbitmq", 0.0);
        cpu.put(ProcessCpu.TARGET, 0.030);
        return cpu;
    }

    static Results.Run run(
            int workers,
            int rows,
            double stepsPerSecond,
            long firstRequestMs,
            double heapMb,
            Map<String, Double> cpu,
            Double share,
            Double heapAt100k) {
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
                List.of(400.0),
                cpu,
                share,
                heapAt100k == null ? null : List.of(heapAt100k),
                0.010);
    }

    @Test
    void verdictsJudgeTheOneWorkerHundredThousandRowRun() {
        List<Results.Farm> farms = List.of(
                new Results.Farm(
                        1,
                        List.of(
                                run(1, 1_000, 3_000, 250, 40, cpu(0.2, 0.1), 0.2, null),
                                run(1, 100_000, 21_000, 2_000, 43, cpu(0.085, 0.004), 0.04, null),
                                run(1, 333_334, 20_000, 2_000, 50, cpu(0.085, 0.004), 0.04, 44.0))),
                new Results.Farm(
                        2,
                        List.of(
                                run(2, 1_000, 3_000, 320, 40, cpu(0.2, 0.1), 0.2, null),
                                run(2, 100_000, 20_000, 2_100, 44, cpu(0.09, 0.004), 0.04, null))));
        List<Report.Verdict> verdicts = Report.verdicts(ONCE, farms);

        assertThat(verdicts).extracting(Report.Verdict::met).containsExactly(true, true, true, true, true, false, true);
        assertThat(verdicts.get(0).measured()).isEqualTo("21,000 of 30,000: 70% (1 worker(s), 100,000 rows)");
        assertThat(verdicts.get(1).measured())
                .isEqualTo("0.085 ms against 0.060 ms: 1.42× (1 worker(s), 100,000 rows);"
                        + " 1.29× without either side's JIT compiling");
        assertThat(verdicts.get(2).measured()).isEqualTo("4% (1 worker(s), 100,000 rows)");
        // 0.085 + 0.004 + 0.005 + 0.005: the target's 0.030 is not the farm's
        assertThat(verdicts.get(3).measured()).isEqualTo("0.099 ms (1 worker(s), 100,000 rows)");
        assertThat(verdicts.get(4).measured()).isEqualTo("250 ms (1,000 rows)");
        assertThat(verdicts.get(5).target()).contains("100,000 to 1,000,002 steps");
        assertThat(verdicts.get(5).measured()).isEqualTo("44.0 MB → 50.0 MB (+14%)");
        assertThat(verdicts.get(6).measured()).isEqualTo("21,000 → 20,000 steps/s (100,000 rows)");
    }

    @Test
    void theTablesHaveTheBaselineAndOneLinePerRun() {
        List<Results.Farm> farms = List.of(
                new Results.Farm(1, List.of(run(1, 100_000, 21_000, 2_000, 43, cpu(0.085, 0.004), 0.04, null))));
        List<String> lines = Report.table(ONCE, farms).lines().toList();
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

        List<String> cpu = Report.cpuTable(ONCE, farms).lines().toList();
        assertThat(cpu).hasSize(5);
        assertThat(cpu.get(2))
                .startsWith("raw baseline (client)")
                .contains("0.060")
                .contains("0.030");
        assertThat(cpu.get(3))
                .startsWith("farm")
                .contains("0.085")
                .contains("0.099")
                .contains("4%");
        assertThat(cpu.get(4))
                .isEqualTo(
                        "of which JIT compiling (ms per step): raw client 0.002; workers 0.010 (1 worker(s), 100,000 rows)");
    }

    @Test
    void ofTwoReadingsOfEachSideTheTargetsAreSetOnTheBetterOne() {
        // the raw loop read slower after the farms (the machine drifted): the faster reading before is the reference
        Results.Baseline after = new Results.Baseline(512, 10, 240_000, 24_000, 6.0, 60.0, 0.075, 0.035, 0.002);
        Results.Baselines twice = new Results.Baselines(BASELINE, after);
        assertThat(twice.reference()).isSameAs(BASELINE);
        assertThat(new Results.Baselines(after, BASELINE).reference()).isSameAs(BASELINE);
        // of the two runs of 100,000 rows, the one whose worker spent less CPU per step is judged
        List<Results.Farm> farms = List.of(new Results.Farm(
                1,
                List.of(
                        run(1, 100_000, 15_000, 2_000, 43, cpu(0.110, 0.006), 0.06, null),
                        run(1, 100_000, 21_000, 2_000, 43, cpu(0.085, 0.004), 0.04, null))));

        List<Report.Verdict> verdicts = Report.verdicts(twice, farms);

        assertThat(verdicts.get(0).measured())
                .isEqualTo("21,000 of 30,000: 70% (1 worker(s), 100,000 rows, the better of 2 runs)");
        assertThat(verdicts.get(1).measured()).startsWith("0.085 ms against 0.060 ms: 1.42×");
        List<String> lines = Report.table(twice, farms).lines().toList();
        assertThat(lines.get(1))
                .startsWith("raw before (c=512) *")
                .contains("30,000")
                .contains("100%");
        assertThat(lines.get(2))
                .startsWith("raw after (c=512)")
                .doesNotContain("*")
                .contains("24,000")
                .contains("80%");
        assertThat(lines.get(3)).contains("50%");
        assertThat(lines.get(4)).contains("70%");
        List<String> cpu = Report.cpuTable(twice, farms).lines().toList();
        assertThat(cpu.get(2)).startsWith("raw before (client) *").contains("0.060");
        assertThat(cpu.get(3)).startsWith("raw after (client)").contains("0.075");
    }
}
