package dev.gantry.worker.intake;

import dev.gantry.model.PartitionSlice;
import dev.gantry.model.WorkItem;
import dev.gantry.worker.execution.ChainExecutor;
import dev.gantry.worker.execution.ChainProcessor;
import dev.gantry.worker.execution.ChainResult;
import dev.gantry.worker.execution.CompiledRun;
import dev.gantry.worker.execution.PartitionRows;
import dev.gantry.worker.execution.RunCancellation;
import dev.gantry.worker.execution.RunCatalog;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * The worker step's processor: hands each work item to the {@link ChainProcessor} of the partition
 * it belongs to, made when that partition's step begins. One singleton for every partition a
 * worker runs at once, found by the step execution Spring Batch registers on the item's thread.
 *
 * <p>Not a step-scoped bean behind a proxy: the proxy resolved its target through the bean factory
 * at every item (JFR: about 5 % of a busy worker's CPU), where this is one map lookup.
 */
class PartitionChainProcessor implements ItemProcessor<WorkItem, ChainResult>, StepExecutionListener {
    private final RunCatalog catalog;
    private final ChainExecutor executor;
    private final RunCancellation cancellation;
    private final Map<Long, ChainProcessor> partitions = new ConcurrentHashMap<>();

    PartitionChainProcessor(RunCatalog catalog, ChainExecutor executor, RunCancellation cancellation) {
        this.catalog = catalog;
        this.executor = executor;
        this.cancellation = cancellation;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        PartitionSlice slice = PartitionSlice.read(stepExecution.getExecutionContext()::get);
        partitions.put(stepExecution.getId(), processorOf(slice));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        partitions.remove(stepExecution.getId());
        return null;
    }

    @Override
    public ChainResult process(WorkItem item) throws Exception {
        long stepExecution =
                StepSynchronizationManager.getContext().getStepExecution().getId();
        ChainProcessor partition = partitions.get(stepExecution);
        if (partition == null) {
            throw new IllegalStateException("no chains for step execution " + stepExecution + ": its step never began");
        }
        return partition.process(item);
    }

    private ChainProcessor processorOf(PartitionSlice slice) {
        UUID id = slice.runId();
        CompiledRun run = catalog.get(id);
        // setup and teardown slices carry no row range: they run without data
        PartitionRows rows =
                slice.firstRow() == null ? PartitionRows.NONE : catalog.rows(id, slice.firstRow(), slice.lastRow());
        Map<String, String> variables = catalog.openVariables(slice.setupVariables());
        if (slice.teardown()) {
            // neither filtered nor aborted when the run is cancelled: teardown cleans up after it
            return new ChainProcessor(run, rows, variables, executor);
        }
        return new ChainProcessor(run, rows, variables, executor, id, cancellation);
    }
}
