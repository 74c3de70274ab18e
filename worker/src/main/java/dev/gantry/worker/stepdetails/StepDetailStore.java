package dev.gantry.worker.stepdetails;

import dev.gantry.model.StepDetail;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Where step details go. Saving the same detail again (a replayed chunk) overwrites it. */
public interface StepDetailStore {
    void saveAll(UUID runId, List<StepDetail> details, Duration ttl);
}
