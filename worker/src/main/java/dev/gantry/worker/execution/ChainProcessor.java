package dev.gantry.worker.execution;

import dev.gantry.model.WorkItem;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Executes a work item; called concurrently (one virtual thread per item of a chunk). */
public class ChainProcessor implements ItemProcessor<WorkItem, ChainResult> {
    private final CompiledRun run;
    private final PartitionRows rows;
    private final Map<String, String> setupVariables;
    private final ChainExecutor executor;

    public ChainProcessor(
            CompiledRun run, PartitionRows rows, Map<String, String> setupVariables, ChainExecutor executor) {
        this.run = run;
        this.rows = rows;
        this.setupVariables = Map.copyOf(setupVariables);
        this.executor = executor;
    }

    @Override
    public ChainResult process(WorkItem item) throws Exception {
        return executor.execute(run, item, rows.row(item), setupVariables);
    }
}
