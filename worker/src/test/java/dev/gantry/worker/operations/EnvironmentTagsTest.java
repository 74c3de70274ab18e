package dev.gantry.worker.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentTagsTest {
    @Test
    void knownStagesAreTheirOwnValueAndEveryOtherNameIsOther() {
        EnvironmentTags tags = new EnvironmentTags(List.of("production", " Staging ", "qa", ""));

        assertThat(tags.of("production")).isEqualTo("production");
        assertThat(tags.of("PRODUCTION")).isEqualTo("production");
        assertThat(tags.of(" staging")).isEqualTo("staging");
        assertThat(tags.of("qa")).isEqualTo("qa");
        assertThat(tags.of("acme-prod-eu-west-1")).isEqualTo("other");
        assertThat(tags.of("")).isEqualTo("other");
        assertThat(tags.of(null)).isEqualTo("other");
    }
}
