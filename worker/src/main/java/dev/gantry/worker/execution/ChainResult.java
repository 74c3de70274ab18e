package dev.gantry.worker.execution;

import dev.gantry.model.StepDetail;
import dev.gantry.model.WorkItem;
import java.util.List;

/** What executing one work item produced: one detail per step of its chain, executed or skipped. */
public record ChainResult(WorkItem item, List<StepDetail> steps) {}
