package dev.gantry.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RunsPropertiesTest {
    /** The record as an operator who sets nothing gets it. */
    static final RunsProperties DEFAULTS =
            new Binder(new MapConfigurationPropertySource()).bindOrCreate("gantry.runs", RunsProperties.class);

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(DEFAULTS.permitLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(DEFAULTS.admissionInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(DEFAULTS.purgeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(DEFAULTS.deadlineCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DEFAULTS.maxWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DEFAULTS.waitTick()).isEqualTo(Duration.ofMillis(250));
    }

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
