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
    /** The partition's tally so far, as {@link PartitionTally} JSON; committed with each chunk. */
    public static final String TALLY = "gantry.tally";

    /** Name of the worker step that remote partitions run. */
    public static final String WORKER_STEP = "executePartition";

    private PartitionContext() {}
}
