package dev.gantry.model;

/**
 * What a coverage partition's execution context carries: the report it contributes to, the run whose
 * step details it reads, and its slice of the specification's endpoints (positions, inclusive).
 * The worker step is located by its name, as the run's worker step is, from the same request queue.
 */
public final class CoverageContext {
    public static final String WORKER_STEP = "coveragePartition";
    public static final String COVERAGE_ID = "gantry.coverageId";
    public static final String RUN_ID = "gantry.coverageRunId";
    public static final String SPEC_ID = "gantry.specId";
    public static final String FIRST_POSITION = "gantry.firstPosition";
    public static final String LAST_POSITION = "gantry.lastPosition";

    private CoverageContext() {}
}
