package dev.gantry.bench;

import java.util.List;
import java.util.Map;

/** What the benchmark measures; written as JSON and read back by the report. */
final class Results {
    private Results() {}

    /** The raw baseline: the same flow with the same HTTP client, nothing else. */
    record Baseline(
            int concurrency,
            double seconds,
            long steps,
            double stepsPerSecond,
            double p50Ms,
            double p99Ms,
            double clientCpuMsPerStep,
            double targetCpuMsPerStep,
            double clientJitMsPerStep) {}

    /**
     * The raw baseline's readings: before the farms and, when measured, after them. This machine's
     * speed drifts by a quarter within minutes, so the targets are set on the reading with the lower
     * client CPU per step: the faster raw loop, the harder one for the farm to come near.
     */
    record Baselines(Baseline before, Baseline after) {
        Baselines {
            java.util.Objects.requireNonNull(before, "before");
        }

        Baseline reference() {
            return after == null || before.clientCpuMsPerStep() <= after.clientCpuMsPerStep() ? before : after;
        }

        List<Baseline> readings() {
            return after == null ? List.of(before) : List.of(before, after);
        }
    }

    /** One measured run of the farm. */
    record Run(
            int workers,
            int rows,
            long steps,
            String status,
            long wallMs,
            double stepsPerSecond,
            Double p50Ms,
            Double p99Ms,
            Long triggerToFirstRequestMs,
            long postgresStatements,
            double redisBytesPerStep,
            List<Double> workerHeapAfterGcMb,
            List<Double> workerRssMb,
            Map<String, Double> cpuMsPerStep,
            Double controlPlaneShareOfWorkersDuringExecute,
            List<Double> workerHeapAfterGcMbAt100kSteps,
            double workerJitMsPerStep) {

        /** CPU per step of everything but the target: workers, control plane and the services. */
        double farmCpuMsPerStep() {
            return cpuMsPerStep.entrySet().stream()
                    .filter(e -> !e.getKey().equals(ProcessCpu.TARGET))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }
    }

    /** Everything one farm configuration produced. */
    record Farm(int workers, List<Run> runs) {}
}
