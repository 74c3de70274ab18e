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
    private static final String EXPAND =
            """
            insert into work_items (run_id, seq, chain_index, row_index)
            select s.run_id, r.row_index::bigint * c.chains + ch.chain_index, ch.chain_index, r.row_index
            from run_snapshots s
            cross join lateral (select jsonb_array_length(s.snapshot -> 'chains') as chains) c
            cross join lateral generate_series(0, jsonb_array_length(s.snapshot -> 'dataRows') - 1) as r(row_index)
            cross join lateral generate_series(0, c.chains - 1) as ch(chain_index)
            where s.run_id = ?
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
        contribution.incrementWriteCount(jdbc.update(EXPAND, runId));
        return RepeatStatus.FINISHED;
    }
}
