package dev.gantry.controlplane.runs;

import java.util.UUID;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The expansion step: every chain with every data row becomes a work item. PostgreSQL generates
 * them itself from the snapshot's chain and row counts, in one statement, so a 100,000-row run is
 * expanded without shipping 100,000 rows over the wire. Seq runs row by row (the formula of
 * {@code WorkItem.seqOf}), so a contiguous slice holds whole chains of contiguous rows.
 */
@Component
class WorkItemExpander implements Tasklet {
    /** The counts come first, in their own query: inside the INSERT the planner re-read the snapshot per row. */
    private static final String COUNTS =
            """
            select jsonb_array_length(snapshot -> 'chains'), jsonb_array_length(snapshot -> 'dataRows')
            from run_snapshots where run_id = ?
            """;

    private static final String EXPAND =
            """
            insert into work_items (run_id, seq, chain_index, row_index)
            select ?, r.row_index::bigint * ? + ch.chain_index, ch.chain_index, r.row_index
            from generate_series(0, ? - 1) as r(row_index), generate_series(0, ? - 1) as ch(chain_index)
            """;

    private final JdbcTemplate jdbc;

    WorkItemExpander(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID runId = RunJobConfiguration.runId(chunkContext);
        // a restarted job writes the same items again
        jdbc.update("delete from work_items where run_id = ?", runId);
        int[] counts = jdbc.queryForObject(COUNTS, (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)}, runId);
        int chains = counts[0];
        int rows = counts[1];
        contribution.incrementWriteCount(jdbc.update(EXPAND, runId, chains, rows, chains));
        return RepeatStatus.FINISHED;
    }
}
