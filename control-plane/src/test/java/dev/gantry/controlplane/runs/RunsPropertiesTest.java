package dev.gantry.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunsPropertiesTest {
    static final RunsProperties DEFAULTS = new RunsProperties(
            16,
            250,
            1000,
            64,
            Duration.ofMillis(250),
            Duration.ofHours(6),
            Duration.ofSeconds(30),
            Duration.ofMillis(500),
            Duration.ofDays(400),
            Duration.ofMinutes(2));

    @Test
    void smallRunsAreSplitIntoPartitionsOfAtLeastTheMinimum() {
        assertThat(DEFAULTS.partitionSize(50)).isEqualTo(250);
        assertThat(DEFAULTS.partitionSize(1_000)).isEqualTo(250);
    }

    @Test
    void mediumRunsAimAtTheTargetNumberOfPartitions() {
        assertThat(DEFAULTS.partitionSize(8_000)).isEqualTo(500);
    }

    @Test
    void largeRunsStopAtTheMaximumSizeUntilThePartitionCapForcesLargerOnes() {
        assertThat(DEFAULTS.partitionSize(20_000)).isEqualTo(1000);
        assertThat(DEFAULTS.partitionSize(100_000)).isEqualTo(1563);
        assertThat(Math.ceilDiv(100_000L, DEFAULTS.partitionSize(100_000))).isLessThanOrEqualTo(64);
    }
}
