package dev.gantry.controlplane.runs;

import dev.gantry.model.PartitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Slices a run's work items into contiguous seq ranges. A work item is a whole chain, so a slice
 * never splits one. Each slice gets a {@code run_partitions} row for its counters.
 */
class WorkItemPartitioner implements Partitioner {
    private final UUID runId;
    private final JdbcTemplate jdbc;
    private final RunsProperties properties;

    WorkItemPartitioner(UUID runId, JdbcTemplate jdbc, RunsProperties properties) {
        this.runId = runId;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        long items = jdbc.queryForObject("select count(*) from work_items where run_id = ?", Long.class, runId);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (items == 0) {
            return partitions;
        }
        long size = properties.partitionSize(items);
        List<Object[]> rows = new ArrayList<>();
        int index = 0;
        for (long first = 0; first < items; first += size, index++) {
            long last = Math.min(items, first + size) - 1;
            ExecutionContext context = new ExecutionContext();
            context.putString(PartitionContext.RUN_ID, runId.toString());
            context.putInt(PartitionContext.PARTITION_INDEX, index);
            context.putLong(PartitionContext.FIRST_SEQ, first);
            context.putLong(PartitionContext.LAST_SEQ, last);
            partitions.put("p%05d".formatted(index), context);
            rows.add(new Object[] {runId, index, first, last, last - first + 1});
        }
        jdbc.batchUpdate(
                """
                insert into run_partitions (run_id, partition_index, first_seq, last_seq, work_items, status)
                values (?, ?, ?, ?, ?, 'QUEUED') on conflict (run_id, partition_index) do nothing
                """,
                rows);
        return partitions;
    }
}
