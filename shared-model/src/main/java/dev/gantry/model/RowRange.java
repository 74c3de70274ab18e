package dev.gantry.model;

/** A contiguous range of a run snapshot's data rows: those a chain runs with. */
public record RowRange(int first, int count) {
    public RowRange {
        if (first < 0 || count < 0) {
            throw new IllegalArgumentException("a row range starts at 0 or later and holds 0 or more rows");
        }
    }

    /** One past the last row. */
    public int end() {
        return first + count;
    }
}
