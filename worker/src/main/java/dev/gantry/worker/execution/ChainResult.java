package dev.gantry.worker.execution;

import dev.gantry.model.StepDetail;
import dev.gantry.model.WorkItem;
import java.util.List;

/**
 * What executing one work item produced: one detail per step of its chain (its final attempt,
 * executed or skipped), and the earlier attempts of retried steps, kept but not counted.
 */
public record ChainResult(WorkItem item, List<StepDetail> steps, List<StepDetail> retriedAttempts) {
    public ChainResult(WorkItem item, List<StepDetail> steps) {
        this(item, steps, List.of());
    }
}
