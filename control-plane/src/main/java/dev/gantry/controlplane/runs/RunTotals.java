package dev.gantry.controlplane.runs;

/** Step counts of a run, live (summed over partitions) or final; FLAKY steps passed on a retry. */
record RunTotals(long passed, long failed, long skipped, long errored, long flaky) {
    static final RunTotals ZERO = new RunTotals(0, 0, 0, 0, 0);

    long done() {
        return passed + failed + skipped + errored + flaky;
    }

    RunTotals plus(RunTotals other) {
        return new RunTotals(
                passed + other.passed,
                failed + other.failed,
                skipped + other.skipped,
                errored + other.errored,
                flaky + other.flaky);
    }
}
