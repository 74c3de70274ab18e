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
