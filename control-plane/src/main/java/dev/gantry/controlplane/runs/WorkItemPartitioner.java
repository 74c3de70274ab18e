package dev.gantry.controlplane.runs;

import dev.gantry.model.PartitionContext;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.WorkItemLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Slices one phase of a run into partitions. Setup and teardown are one partition each (a single
 * work item). The main phase is cut into contiguous seq ranges; a work item is a whole chain, so a
 * slice never splits one, and each slice says which data rows it needs. After a failed setup the
 * main phase has no partition: its steps are counted as skipped. Each slice gets a
 * {@code run_partitions} row for its counters.
 */
class WorkItemPartitioner implements Partitioner {
    private final UUID runId;
    private final String phase;
    private final SetupOutcome setup;
    private final JdbcTemplate jdbc;
    private final PartitionStore store;
    private final RunsProperties properties;

    WorkItemPartitioner(
            UUID runId,
            String phase,
            SetupOutcome setup,
            JdbcTemplate jdbc,
            PartitionStore store,
            RunsProperties properties) {
        this.runId = runId;
        this.phase = phase;
        this.setup = setup;
        this.jdbc = jdbc;
        this.store = store;
        this.properties = properties;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        RunSnapshot snapshot = RunSnapshotJson.load(jdbc, runId);
        WorkItemLayout layout = new WorkItemLayout(snapshot);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        switch (phase) {
            case PartitionContext.SETUP -> single(layout.setupSeq(), PartitionContext.SETUP_INDEX, partitions, rows);
            case PartitionContext.TEARDOWN ->
                single(layout.teardownSeq(), PartitionContext.TEARDOWN_INDEX, partitions, rows);
            default -> {
                if (setup.passed()) {
                    main(layout, partitions, rows);
                }
            }
        }
        store.create(rows);
        return partitions;
    }

    private void single(long seq, int index, Map<String, ExecutionContext> partitions, List<Object[]> rows) {
        if (seq < 0) {
            return;
        }
        partitions.put(phase, context(index, seq, seq));
        rows.add(new Object[] {runId, index, seq, seq, 1L});
    }

    private void main(WorkItemLayout layout, Map<String, ExecutionContext> partitions, List<Object[]> rows) {
        long items = layout.mainItems();
        if (items == 0) {
            return;
        }
        long size = properties.partitionSize(items);
        long start = layout.mainFirstSeq();
        int index = 0;
        for (long first = start; first < start + items; first += size, index++) {
            long last = Math.min(start + items, first + size) - 1;
            ExecutionContext context = context(index, first, last);
            context.putInt(PartitionContext.FIRST_ROW, layout.rowOf(first));
            context.putInt(PartitionContext.LAST_ROW, layout.rowOf(last));
            partitions.put("p%05d".formatted(index), context);
            rows.add(new Object[] {runId, index, first, last, last - first + 1});
        }
    }

    private ExecutionContext context(int index, long first, long last) {
        ExecutionContext context = new ExecutionContext();
        context.putString(PartitionContext.RUN_ID, runId.toString());
        context.putString(PartitionContext.PHASE, phase);
        context.putInt(PartitionContext.PARTITION_INDEX, index);
        context.putLong(PartitionContext.FIRST_SEQ, first);
        context.putLong(PartitionContext.LAST_SEQ, last);
        if (setup.variables() != null) {
            context.putString(PartitionContext.SETUP_VARIABLES, setup.variables());
        }
        return context;
    }
}
