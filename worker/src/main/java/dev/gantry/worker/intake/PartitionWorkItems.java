package dev.gantry.worker.intake;

import dev.gantry.model.WorkItem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A partition's work items in {@code seq} order, a page at a time. Where a partition resumes is
 * not kept in Spring Batch's execution context but in {@code run_partitions.last_seq_done}, which
 * the writer moves in the chunk's own transaction together with the partition's counters and tally
 * ({@link #lastRead}). So position and counts always agree with what PostgreSQL committed: a chunk
 * whose commit failed (or whose outcome the broken connection left unknown) is read again when the
 * partition resumes if and only if it did not commit. The execution context, which a failed step
 * saves once more on its way out whatever its chunks did, holds nothing the count depends on.
 */
public class PartitionWorkItems implements ItemStreamReader<WorkItem> {
    private final JdbcTemplate jdbc;
    private final UUID runId;
    private final int partitionIndex;
    private final long firstSeq;
    private final long lastSeq;
    private final int pageSize;
    private final Deque<WorkItem> page = new ArrayDeque<>();
    private long fetchedUpTo;
    private volatile long lastRead;

    PartitionWorkItems(JdbcTemplate jdbc, UUID runId, int partitionIndex, long firstSeq, long lastSeq, int pageSize) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.partitionIndex = partitionIndex;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        Long done = jdbc.queryForObject(
                "select last_seq_done from run_partitions where run_id = ? and partition_index = ?",
                Long.class,
                runId,
                partitionIndex);
        fetchedUpTo = done == null ? firstSeq - 1 : done;
        lastRead = fetchedUpTo;
        page.clear();
    }

    @Override
    public WorkItem read() {
        if (page.isEmpty()) {
            List<WorkItem> next = jdbc.query(
                    """
                    select seq, chain_index, row_index from work_items
                    where run_id = ? and seq > ? and seq <= ? order by seq limit ?
                    """,
                    (rs, i) -> new WorkItem(rs.getLong(1), rs.getInt(2), rs.getInt(3)),
                    runId,
                    fetchedUpTo,
                    lastSeq,
                    pageSize);
            if (next.isEmpty()) {
                return null;
            }
            page.addAll(next);
            fetchedUpTo = next.getLast().seq();
        }
        WorkItem item = page.poll();
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
        page.clear();
    }
}
