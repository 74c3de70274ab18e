package dev.gantry.demo;

import dev.gantry.client.Run;

/** The step counters of a run, as the control plane reports them and as the demo expects them. */
record RunTotals(long workItems, long steps, long done, long passed, long failed, long skipped, long errored) {

    static final RunTotals NONE = new RunTotals(0, 0, 0, 0, 0, 0, 0);

    static RunTotals from(Run.Totals totals) {
        if (totals == null) {
            return NONE;
        }
        return new RunTotals(
                totals.workItems(),
                totals.steps(),
                totals.done(),
                totals.passed(),
                totals.failed(),
                totals.skipped(),
                totals.errored());
    }
}
