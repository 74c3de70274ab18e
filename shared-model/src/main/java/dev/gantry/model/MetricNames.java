package dev.gantry.model;

/** Names of the metrics both apps publish (Micrometer conventions, base units, bounded tags). */
public final class MetricNames {
    /** Counter of executed steps, tagged {@code outcome}. */
    public static final String STEPS = "gantry.steps";
    /** Timer of step durations. */
    public static final String STEP_DURATION = "gantry.step.duration";
    /** Counter of partitions a worker finished, tagged {@code outcome}. */
    public static final String PARTITIONS = "gantry.partitions";
    /** Timer of pipelined Redis writes of step details. */
    public static final String STEP_DETAIL_WRITE = "gantry.stepdetails.write";
    /** Counter of runs started, tagged {@code trigger}. */
    public static final String RUNS_STARTED = "gantry.runs.started";
    /** Counter of runs finished, tagged {@code status}. */
    public static final String RUNS_FINISHED = "gantry.runs.finished";

    private MetricNames() {}
}
