package dev.gantry.worker.intake;

import dev.gantry.model.WorkItem;
import dev.gantry.worker.execution.CompiledRun;
import dev.gantry.worker.execution.RunCatalog;
import java.util.UUID;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A partition's work items in {@code seq} order, computed from the run's layout (no table holds
 * them: a seq says its chain and row, {@link dev.gantry.model.WorkItemLayout}). Where a partition resumes is
 * not kept in Spring Batch's execution context but in {@code run_partitions.last_seq_done}, which
 * the writer moves in the chunk's own transaction together with the partition's counters and tally
 * ({@link #lastRead}). So position and counts always agree with what PostgreSQL committed: a chunk
 * whose commit failed (or whose outcome the broken connection left unknown) is read again when the
 * partition resumes if and only if it did not commit. The execution context, which a failed step
 * saves once more on its way out whatever its chunks did, holds nothing the count depends on.
 */
public class PartitionWorkItems implements ItemStreamReader<WorkItem> {
    private final JdbcTemplate jdbc;
    private final RunCatalog catalog;
    private final UUID runId;
    private final int partitionIndex;
    private final long firstSeq;
    private final long lastSeq;
    /** Resolved at open, not when the bean is made: making it must not fail (see PartitionTallyWriter). */
    private CompiledRun run;

    private long readUpTo;
    private volatile long lastRead;

    PartitionWorkItems(
            JdbcTemplate jdbc, RunCatalog catalog, UUID runId, int partitionIndex, long firstSeq, long lastSeq) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.runId = runId;
        this.partitionIndex = partitionIndex;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        Long done = jdbc.queryForObject(
                "select last_seq_done from run_partitions where run_id = ? and partition_index = ?",
                Long.class,
                runId,
                partitionIndex);
        readUpTo = done == null ? firstSeq - 1 : done;
        lastRead = readUpTo;
        run = catalog.get(runId);
    }

    @Override
    public WorkItem read() {
        if (readUpTo >= lastSeq) {
            return null;
        }
        WorkItem item = run.workItem(++readUpTo);
        lastRead = item.seq();
        return item;
    }

    /** The seq of the last item handed out: at a chunk's write, the chunk's last item. */
    public long lastRead() {
        return lastRead;
    }

    @Override
    public void update(ExecutionContext executionContext) {
        // nothing: the position is committed by the writer, in run_partitions
    }

    @Override
    public void close() {
        run = null;
    }
}
