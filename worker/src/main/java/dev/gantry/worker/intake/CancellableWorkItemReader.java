package dev.gantry.worker.intake;

import dev.gantry.model.WorkItem;
import dev.gantry.worker.execution.RunCancellation;
import java.util.UUID;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The partition's work items, ending early once the run is cancelled: a partition that starts
 * after the cancellation reads nothing, one under way stops after its current chunk. Asked once
 * per item, answered from memory ({@link RunCancellation}).
 */
public class CancellableWorkItemReader implements ItemStreamReader<WorkItem> {
    private final ItemStreamReader<WorkItem> delegate;
    private final RunCancellation cancellation;
    private final UUID runId;

    CancellableWorkItemReader(ItemStreamReader<WorkItem> delegate, RunCancellation cancellation, UUID runId) {
        this.delegate = delegate;
        this.cancellation = cancellation;
        this.runId = runId;
    }

    @Override
    public WorkItem read() throws Exception {
        return cancellation.cancelled(runId) ? null : delegate.read();
    }

    @Override
    public void open(ExecutionContext executionContext) {
        delegate.open(executionContext);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        delegate.update(executionContext);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
