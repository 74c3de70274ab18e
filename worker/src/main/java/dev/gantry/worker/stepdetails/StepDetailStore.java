package dev.gantry.worker.stepdetails;

import dev.gantry.model.StepDetail;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Where step details go. Saving the same detail again (a replayed chunk) overwrites it. */
public interface StepDetailStore {
    /**
     * Stores the final attempts of steps, indexed by status, and earlier attempts of retried steps,
     * listed in order but in no status index (they are not the step's outcome).
     *
     * @return the bytes of the details stored (a tenant's storage usage)
     */
    long saveAll(UUID runId, List<StepDetail> details, List<StepDetail> retriedAttempts, Duration ttl);

    default long saveAll(UUID runId, List<StepDetail> details, Duration ttl) {
        return saveAll(runId, details, List.of(), ttl);
    }
}
