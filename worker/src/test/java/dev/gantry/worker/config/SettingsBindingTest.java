package dev.gantry.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.worker.operations.MetricsProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The worker's settings that were {@code @Value} placeholders keep their names and defaults as
 * properties records: an operator who set one of them, or none, gets what they got before.
 */
class SettingsBindingTest {
    private static <T> T bind(String prefix, Class<T> type, Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
    }

    @Test
    void withNothingSetTheDefaultsAreTheOnesThePlaceholdersHad() {
        WorkerProperties worker = bind("gantry.worker", WorkerProperties.class, Map.of());
        assertThat(worker.intakeAttempts()).isEqualTo(3);
        assertThat(worker.requeuePause()).isEqualTo(Duration.ofSeconds(2));
        assertThat(worker.cancelCheckTick()).isEqualTo(Duration.ofMillis(200));
        assertThat(worker.concurrency()).isEqualTo(256);
        assertThat(bind("gantry.targets", TargetsProperties.class, Map.of()).allowLinkLocal())
                .isFalse();
        assertThat(bind("gantry.metrics", MetricsProperties.class, Map.of()).environmentTags())
                .containsExactly(
                        "production",
                        "prod",
                        "staging",
                        "stage",
                        "preprod",
                        "uat",
                        "qa",
                        "test",
                        "dev",
                        "development",
                        "local",
                        "sandbox");
    }

    @Test
    void anOperatorsSettingsKeepTheirNames() {
        Map<String, String> settings = Map.of(
                "gantry.worker.intake-attempts", "5",
                "gantry.worker.requeue-pause", "100ms",
                "gantry.worker.cancel-check-interval", "5ms",
                "gantry.targets.allow-link-local", "true",
                "gantry.metrics.environment-tags", "prod,perf");
        WorkerProperties worker = bind("gantry.worker", WorkerProperties.class, settings);
        assertThat(worker.intakeAttempts()).isEqualTo(5);
        assertThat(worker.requeuePause()).isEqualTo(Duration.ofMillis(100));
        assertThat(worker.cancelCheckTick()).as("never below 20 ms").isEqualTo(Duration.ofMillis(20));
        assertThat(bind("gantry.targets", TargetsProperties.class, settings).allowLinkLocal())
                .isTrue();
        assertThat(bind("gantry.metrics", MetricsProperties.class, settings).environmentTags())
                .containsExactly("prod", "perf");
    }
}
