package dev.gantry.model;

/**
 * One chain with one data row: the unit a partition executes. {@code seq} orders a run's items as
 * {@link WorkItemLayout} places them, so a contiguous slice of seqs covers whole chains of a
 * contiguous range of rows.
 */
public record WorkItem(long seq, int chainIndex, int rowIndex) {
    public WorkItem {
        if (seq < 0 || chainIndex < 0 || rowIndex < 0) {
            throw new IllegalArgumentException("work item indexes must not be negative");
        }
    }
}
