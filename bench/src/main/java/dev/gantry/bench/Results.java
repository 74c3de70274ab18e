package dev.gantry.bench;

import java.util.List;

/** What the benchmark measures; written as JSON and read back by the report. */
final class Results {
    private Results() {}

    /** The raw baseline: the same flow with the same HTTP client, nothing else. */
    record Baseline(int concurrency, double seconds, long steps, double stepsPerSecond, double p50Ms, double p99Ms) {}

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
            List<Double> workerRssMb) {}

    /** Everything one farm configuration produced. */
    record Farm(int workers, List<Run> runs) {}
}
