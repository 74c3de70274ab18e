package dev.gantry.worker.execution;

import dev.gantry.model.WorkItem;
import java.util.List;
import java.util.Map;

/** The data rows one partition needs: a contiguous range, loaded once per partition. */
public record PartitionRows(int firstRow, List<Map<String, String>> rows) {
    /** Setup and teardown run without data: their one item gets an empty row. */
    public static final PartitionRows NONE = new PartitionRows(0, List.of(Map.of()));

    public Map<String, String> row(WorkItem item) {
        return rows.get(item.rowIndex() - firstRow);
    }
}
