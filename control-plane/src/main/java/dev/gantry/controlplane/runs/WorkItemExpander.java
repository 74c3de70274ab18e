package dev.gantry.controlplane.runs;

import dev.gantry.model.RunSnapshot;
import dev.gantry.model.WorkItemLayout;
import java.util.UUID;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The expansion step: every chain with each of its data rows becomes a work item, plus one for the
 * setup and one for the teardown cases, laid out by {@link WorkItemLayout}. Nothing is written: a
 * seq says its chain and row, so the partitioner takes seq ranges and each worker computes its
 * items (a 100,000-row run used to insert 100,000 rows here, most of a second before its first
 * request). The step checks the layout against the run's count of work items.
 */
@Component
class WorkItemExpander implements Tasklet {
    private final JdbcTemplate jdbc;

    WorkItemExpander(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID runId = RunJobConfiguration.runId(chunkContext);
        RunSnapshot snapshot = RunSnapshotJson.load(jdbc, runId);
        WorkItemLayout layout = new WorkItemLayout(snapshot);
        Long expected = jdbc.queryForObject("select total_work_items from runs where id = ?", Long.class, runId);
        if (expected == null || expected != layout.totalItems()) {
            throw new IllegalStateException(
                    "run " + runId + " counts " + expected + " work items, its layout " + layout.totalItems());
        }
        contribution.incrementWriteCount(layout.totalItems());
        return RepeatStatus.FINISHED;
    }
}
