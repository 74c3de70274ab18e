package dev.gantry.worker.execution;

import dev.gantry.model.WorkItem;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Executes a work item; called concurrently (one virtual thread per item of a chunk). */
public class ChainProcessor implements ItemProcessor<WorkItem, ChainResult> {
    private final CompiledRun run;
    private final PartitionRows rows;
    private final Map<String, String> setupVariables;
    private final ChainExecutor executor;
    private final UUID runId;
    private final RunCancellation cancellation;

    public ChainProcessor(
            CompiledRun run, PartitionRows rows, Map<String, String> setupVariables, ChainExecutor executor) {
        this(run, rows, setupVariables, executor, null, RunCancellation.NEVER);
    }

    public ChainProcessor(
            CompiledRun run,
            PartitionRows rows,
            Map<String, String> setupVariables,
            ChainExecutor executor,
            UUID runId,
            RunCancellation cancellation) {
        this.run = run;
        this.rows = rows;
        this.setupVariables = Map.copyOf(setupVariables);
        this.executor = executor;
        this.runId = runId;
        this.cancellation = cancellation;
    }

    /**
     * Null (the item is filtered: neither counted nor stored) once the run is cancelled, also for
     * a chain that was under way: its steps may have been cut short by the abort, and a cancelled
     * run keeps only what its committed chunks counted.
     */
    @Override
    public ChainResult process(WorkItem item) throws Exception {
        if (runId == null) {
            return executor.execute(run, item, rows.row(item), setupVariables);
        }
        if (cancellation.cancelled(runId)) {
            return null;
        }
        InFlightRequests.enter(runId);
        try {
            ChainResult result = executor.execute(run, item, rows.row(item), setupVariables);
            return cancellation.cancelled(runId) ? null : result;
        } finally {
            InFlightRequests.leave();
        }
    }
}
