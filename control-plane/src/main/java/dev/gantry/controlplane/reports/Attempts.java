package dev.gantry.controlplane.reports;

import dev.gantry.model.StepDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups the details of one step (same work item and step index) into its attempts, in order.
 * Details arrive in execution order, where a step's attempts are adjacent, so one group at a time
 * is all this holds. Call {@link #finish()} after the last detail.
 */
final class Attempts implements Consumer<StepDetail> {
    private final Consumer<List<StepDetail>> groups;
    private List<StepDetail> current = new ArrayList<>();

    Attempts(Consumer<List<StepDetail>> groups) {
        this.groups = groups;
    }

    @Override
    public void accept(StepDetail detail) {
        if (!current.isEmpty()) {
            StepDetail last = current.getLast();
            if (last.workItemSeq() != detail.workItemSeq() || last.stepIndex() != detail.stepIndex()) {
                flush();
            }
        }
        current.add(detail);
    }

    void finish() {
        if (!current.isEmpty()) {
            flush();
        }
    }

    private void flush() {
        List<StepDetail> group = current;
        current = new ArrayList<>(2);
        groups.accept(group);
    }
}
