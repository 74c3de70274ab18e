package dev.gantry.worker.execution;

import dev.gantry.model.StepDetail;
import dev.gantry.model.WorkItem;
import java.util.List;
import java.util.Map;

/**
 * What executing one work item produced: one detail per step of its chain (its final attempt,
 * executed or skipped), the earlier attempts of retried steps, kept but not counted, and the
 * variables its steps extracted (a setup chain hands them on to the rest of the run).
 */
public record ChainResult(
        WorkItem item, List<StepDetail> steps, List<StepDetail> retriedAttempts, Map<String, String> extracted) {
    public ChainResult(WorkItem item, List<StepDetail> steps) {
        this(item, steps, List.of(), Map.of());
    }
}
