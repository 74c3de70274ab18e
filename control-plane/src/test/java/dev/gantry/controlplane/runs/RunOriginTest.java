package dev.gantry.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunOriginTest {
    private static final UUID ID = UUID.randomUUID();

    /** The kinds are the runs.trigger_kind values the API, the reports and the metric tag have always shown. */
    @Test
    void eachOriginIsStoredAsTheTriggerKindRunsAlwaysHad() {
        assertThat(new RunOrigin.Manual(ID, null).kind()).isEqualTo("API");
        assertThat(new RunOrigin.Scheduled(ID, Instant.EPOCH).kind()).isEqualTo("SCHEDULE");
        assertThat(new RunOrigin.CiDelivery(ID, "delivery-1", null, null).kind())
                .isEqualTo("CI");
    }

    @Test
    void anOriginWithoutWhatIdentifiesItIsRefusedNamingTheField() {
        assertThatNullPointerException()
                .isThrownBy(() -> new RunOrigin.Manual(null, ID))
                .withMessage("userId");
        assertThatNullPointerException()
                .isThrownBy(() -> new RunOrigin.Scheduled(ID, null))
                .withMessage("scheduledFor");
        assertThatNullPointerException()
                .isThrownBy(() -> new RunOrigin.CiDelivery(ID, null, "abc123", "main"))
                .withMessage("deliveryId");
    }
}
