package dev.gantry.model;

/**
 * One chain with one data row: the unit a partition executes. {@code seq} orders a run's items row
 * by row, so a contiguous slice of seqs covers whole chains of a contiguous range of rows.
 */
public record WorkItem(long seq, int chainIndex, int rowIndex) {
    public WorkItem {
        if (seq < 0 || chainIndex < 0 || rowIndex < 0) {
            throw new IllegalArgumentException("work item indexes must not be negative");
        }
    }

    /** The seq of a chain with a row, in a run of {@code chainCount} chains. */
    public static long seqOf(int rowIndex, int chainIndex, int chainCount) {
        return (long) rowIndex * chainCount + chainIndex;
    }

    /** The data row a seq belongs to, in a run of {@code chainCount} chains. */
    public static int rowOf(long seq, int chainCount) {
        return (int) (seq / chainCount);
    }
}
