package dev.gantry.worker.stepdetails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link StepDetailStore} must do; each implementation's test extends this. */
abstract class StepDetailStoreContract {
    abstract StepDetailStore store();

    /** Keys of the run's details in store order, e.g. {@code 0:0:1}. */
    abstract List<String> orderedKeys(UUID runId);

    abstract List<String> keysWithStatus(UUID runId, StepStatus status);

    /** Remaining time to live of the run's details. */
    abstract Duration ttl(UUID runId);

    static StepDetail detail(UUID runId, long seq, int step, StepStatus status, long micros) {
        return new StepDetail(
                StepDetail.SCHEMA_VERSION,
                runId,
                seq,
                0,
                step,
                1,
                UUID.randomUUID(),
                "c",
                status,
                "GET",
                "http://x/" + seq,
                null,
                null,
                200,
                null,
                null,
                0,
                micros,
                null,
                null);
    }

    @Test
    void savesDetailsInExecutionOrderWithTheirStatus() {
        UUID run = UUID.randomUUID();
        store().saveAll(
                        run,
                        List.of(
                                detail(run, 1, 0, StepStatus.PASSED, 5),
                                detail(run, 0, 1, StepStatus.FAILED, 5),
                                detail(run, 0, 0, StepStatus.PASSED, 5)),
                        Duration.ofMinutes(5));
        assertThat(orderedKeys(run)).containsExactly("0:0:1", "0:1:1", "1:0:1");
        assertThat(keysWithStatus(run, StepStatus.FAILED)).containsExactly("0:1:1");
        assertThat(keysWithStatus(run, StepStatus.PASSED)).containsExactly("0:0:1", "1:0:1");
    }

    @Test
    void aReplayedChunkOverwritesInsteadOfDuplicating() {
        UUID run = UUID.randomUUID();
        store().saveAll(run, List.of(detail(run, 0, 0, StepStatus.PASSED, 5)), Duration.ofMinutes(5));
        store().saveAll(run, List.of(detail(run, 0, 0, StepStatus.PASSED, 7)), Duration.ofMinutes(5));
        assertThat(orderedKeys(run)).containsExactly("0:0:1");
    }

    @Test
    void detailsCarryTheRetentionAsTimeToLive() {
        UUID run = UUID.randomUUID();
        store().saveAll(run, List.of(detail(run, 0, 0, StepStatus.PASSED, 5)), Duration.ofHours(3));
        assertThat(ttl(run)).isBetween(Duration.ofHours(3).minusMinutes(1), Duration.ofHours(3));
    }
}
