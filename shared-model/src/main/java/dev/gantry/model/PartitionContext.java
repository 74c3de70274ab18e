package dev.gantry.model;

/**
 * Keys of a partition's Spring Batch execution context: what the manager tells a worker about
 * its slice, and what the worker leaves behind for aggregation.
 */
public final class PartitionContext {
    /** Run the partition belongs to (String UUID). */
    public static final String RUN_ID = "gantry.runId";
    /** 0-based index of the partition within its run (int). */
    public static final String PARTITION_INDEX = "gantry.partitionIndex";
    /** First work item seq of the slice, inclusive (long). */
    public static final String FIRST_SEQ = "gantry.firstSeq";
    /** Last work item seq of the slice, inclusive (long). */
    public static final String LAST_SEQ = "gantry.lastSeq";
    /** First data row the slice needs, inclusive (int); absent for setup and teardown, which run without data. */
    public static final String FIRST_ROW = "gantry.firstRow";
    /** Last data row the slice needs, inclusive (int). */
    public static final String LAST_ROW = "gantry.lastRow";
    /** Which part of the run the slice belongs to: {@code setup}, {@code main} or {@code teardown}. */
    public static final String PHASE = "gantry.phase";
    /**
     * Variables the setup cases extracted, as a JSON object sealed with the run's secret box when
     * the worker has one: written by the setup partition, handed to every later partition.
     */
    public static final String SETUP_VARIABLES = "gantry.setupVariables";

    public static final String SETUP = "setup";
    public static final String MAIN = "main";
    public static final String TEARDOWN = "teardown";
    /** Partition indexes of the setup and teardown slices; main slices count from 0. */
    public static final int SETUP_INDEX = -2;

    public static final int TEARDOWN_INDEX = -1;

    /** Name of the worker step that remote partitions run. */
    public static final String WORKER_STEP = "executePartition";

    private PartitionContext() {}
}
