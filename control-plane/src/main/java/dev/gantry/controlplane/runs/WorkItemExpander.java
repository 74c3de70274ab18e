package dev.gantry.controlplane.runs;

import dev.gantry.model.RunSnapshot;
import dev.gantry.model.WorkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The expansion step: every chain with every data row becomes a work item, written in JDBC
 * batches. Seq runs row by row so that a contiguous slice holds whole chains of many rows.
 */
@Component
class WorkItemExpander implements Tasklet {
    private final JdbcTemplate jdbc;
    private final RunsProperties properties;

    WorkItemExpander(JdbcTemplate jdbc, RunsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID runId = RunJobConfiguration.runId(chunkContext);
        RunSnapshot snapshot = RunSnapshotJson.load(jdbc, runId);
        // a restarted job writes the same items again
        jdbc.update("delete from work_items where run_id = ?", runId);
        int chains = snapshot.chains().size();
        int rows = snapshot.dataRows().size();
        List<Object[]> batch = new ArrayList<>(properties.insertBatchSize());
        for (int row = 0; row < rows; row++) {
            for (int chain = 0; chain < chains; chain++) {
                batch.add(new Object[] {runId, WorkItem.seqOf(row, chain, chains), chain, row});
                if (batch.size() == properties.insertBatchSize()) {
                    insert(batch);
                    batch.clear();
                }
            }
        }
        insert(batch);
        contribution.incrementWriteCount((long) rows * chains);
        return RepeatStatus.FINISHED;
    }

    private void insert(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("insert into work_items (run_id, seq, chain_index, row_index) values (?, ?, ?, ?)", batch);
        }
    }
}
