package dev.gantry.controlplane.runs;

import dev.gantry.model.RunSnapshot;
import dev.gantry.model.WorkItemLayout;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The expansion step: every chain with each of its data rows becomes a work item, plus one for the
 * setup and one for the teardown cases. PostgreSQL generates the items itself, one statement per
 * group of chains sharing their rows, so a 100,000-row run is expanded without shipping 100,000
 * rows over the wire. Seqs follow {@link WorkItemLayout}, so a contiguous slice holds whole chains
 * of contiguous rows. The only writer of {@code work_items}, the purge of expired runs' included.
 */
@Component
class WorkItemExpander implements Tasklet {
    private static final String EXPAND_GROUP =
            """
            insert into work_items (run_id, seq, chain_index, row_index)
            select ?, ? + r.i::bigint * ? + (ch.k - 1), ch.chain_index, ? + r.i
            from generate_series(0, ? - 1) as r(i), unnest(?::int[]) with ordinality as ch(chain_index, k)
            """;

    private final JdbcTemplate jdbc;

    WorkItemExpander(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID runId = RunJobConfiguration.runId(chunkContext);
        RunSnapshot snapshot = RunSnapshotJson.load(jdbc, runId);
        WorkItemLayout layout = new WorkItemLayout(snapshot);
        // a restarted job writes the same items again
        jdbc.update("delete from work_items where run_id = ?", runId);
        long written = 0;
        int chainCount = snapshot.chains().size();
        if (layout.setupSeq() >= 0) {
            written += single(runId, layout.setupSeq(), WorkItemLayout.setupChain(chainCount));
        }
        for (WorkItemLayout.Group group : layout.groups()) {
            Integer[] chains = Arrays.stream(group.chainIndexes()).boxed().toArray(Integer[]::new);
            written += jdbc.update(EXPAND_GROUP, ps -> {
                ps.setObject(1, runId);
                ps.setLong(2, group.firstSeq());
                ps.setInt(3, chains.length);
                ps.setInt(4, group.rows().first());
                ps.setInt(5, group.rows().count());
                ps.setArray(6, ps.getConnection().createArrayOf("int4", chains));
            });
        }
        if (layout.teardownSeq() >= 0) {
            written += single(runId, layout.teardownSeq(), WorkItemLayout.teardownChain(chainCount));
        }
        contribution.incrementWriteCount(written);
        return RepeatStatus.FINISHED;
    }

    /** Setup and teardown items carry row 0: they run without data. */
    private int single(UUID runId, long seq, int chainIndex) {
        return jdbc.update(
                "insert into work_items (run_id, seq, chain_index, row_index) values (?, ?, ?, 0)",
                runId,
                seq,
                chainIndex);
    }

    /** The work items of runs whose details expired. */
    void delete(UUID[] runIds) {
        jdbc.update("delete from work_items where run_id = any (?)", (Object) runIds);
    }
}
