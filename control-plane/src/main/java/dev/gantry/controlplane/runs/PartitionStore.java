package dev.gantry.controlplane.runs;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The control plane's only writer of {@code run_partitions}: it creates a phase's rows, fails a
 * partition no worker will run, and purges the rows of expired runs. Workers write the same rows
 * (they start a partition and add its counters once per chunk), through their own single writer,
 * the worker's {@code PartitionTallyWriter}. {@code TableOwnershipTest} holds both.
 */
@Component
class PartitionStore {
    private final JdbcTemplate jdbc;

    PartitionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One QUEUED row per partition: run id, index, first and last seq, work items. A restarted
     * job's partitioner writes the same rows again, which keeps the first ones and their counters.
     */
    void create(List<Object[]> rows) {
        jdbc.batchUpdate(
                """
                insert into run_partitions (run_id, partition_index, first_seq, last_seq, work_items, status)
                values (?, ?, ?, ?, ?, 'QUEUED') on conflict (run_id, partition_index) do nothing
                """,
                rows);
    }

    /**
     * A partition that will never run: FAILED, saying why, with its step execution (which no worker
     * gave it), so that the manager finds its reason.
     */
    void fail(UUID runId, int partitionIndex, long stepExecutionId, String error) {
        jdbc.update(
                """
                update run_partitions set error = ?, status = 'FAILED',
                    step_execution_id = ?
                where run_id = ? and partition_index = ?
                """,
                error,
                stepExecutionId,
                runId,
                partitionIndex);
    }

    /** The partitions of runs whose details expired. */
    void delete(UUID[] runIds) {
        jdbc.update("delete from run_partitions where run_id = any (?)", (Object) runIds);
    }
}
