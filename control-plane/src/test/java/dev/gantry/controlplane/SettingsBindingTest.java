package dev.gantry.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.audit.AuditProperties;
import dev.gantry.controlplane.changelog.ChangeLogProperties;
import dev.gantry.controlplane.environments.EnvironmentsProperties;
import dev.gantry.controlplane.hooks.HooksProperties;
import dev.gantry.controlplane.releases.ReleasesProperties;
import dev.gantry.controlplane.reports.ReportsProperties;
import dev.gantry.controlplane.runs.RunsProperties;
import dev.gantry.controlplane.schedules.SchedulesProperties;
import dev.gantry.controlplane.specs.GenerationProperties;
import dev.gantry.controlplane.specs.SpecsProperties;
import dev.gantry.controlplane.targets.TargetsProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The settings that were {@code @Value} placeholders keep their names and defaults as properties
 * records: an operator who set one of them, or none, gets what they got before.
 */
class SettingsBindingTest {
    private static <T> T bind(String prefix, Class<T> type, Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
    }

    @Test
    void withNothingSetTheDefaultsAreTheOnesThePlaceholdersHad() {
        SchedulesProperties schedules = bind("gantry.schedules", SchedulesProperties.class, Map.of());
        assertThat(schedules.enabled()).isTrue();
        assertThat(schedules.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        HooksProperties hooks = bind("gantry.hooks", HooksProperties.class, Map.of());
        assertThat(hooks.replayWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(hooks.callbackAttempts()).isEqualTo(6);
        assertThat(hooks.callbackPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(hooks.allowPrivateCallbacks()).isFalse();
        assertThat(bind("gantry.audit", AuditProperties.class, Map.of()).retention())
                .isEqualTo(Duration.ofDays(400));
        assertThat(bind("gantry.changelog", ChangeLogProperties.class, Map.of()).maxValueChars())
                .isEqualTo(2000);
        assertThat(bind("gantry.targets", TargetsProperties.class, Map.of()).allowLinkLocal())
                .isFalse();
        ReportsProperties reports = bind("gantry.reports", ReportsProperties.class, Map.of());
        assertThat(reports.htmlMaxFailures()).isEqualTo(1000);
        assertThat(reports.htmlMaxSteps()).isEqualTo(5000);
        assertThat(bind("gantry.environments", EnvironmentsProperties.class, Map.of())
                        .maxResponseBytesCap())
                .isEqualTo(DataSize.ofMegabytes(16));
        RunsProperties runs = bind("gantry.runs", RunsProperties.class, Map.of());
        assertThat(runs.purgeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(runs.deadlineCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(runs.maxWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(runs.waitPollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(runs.admissionInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(runs.jobRecordRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(bind("gantry.releases", ReleasesProperties.class, Map.of()))
                .isEqualTo(new ReleasesProperties(Duration.ofMinutes(1), Duration.ofMinutes(10), 200, 10));
    }

    /** What the BDD endpoints take is bounded; the feature file limits are sized from public feature files. */
    @Test
    void bddBoundsHaveTheirDocumentedDefaults() {
        assertThat(bind("gantry.bdd", dev.gantry.controlplane.bdd.BddProperties.class, Map.of()))
                .isEqualTo(new dev.gantry.controlplane.bdd.BddProperties(
                        1024 * 1024, 256 * 1024, 5_000, 10_000, 2_000, 50))
                .isEqualTo(dev.gantry.controlplane.bdd.BddProperties.defaults());
        assertThat(bind(
                                "gantry.bdd",
                                dev.gantry.controlplane.bdd.BddProperties.class,
                                Map.of("gantry.bdd.max-body-bytes", "1000"))
                        .bodyLimits())
                .containsEntry(dev.gantry.controlplane.bdd.BddProperties.MAX_BODY_BYTES, 1000L);
    }

    /** The specification bounds are sized from GitHub's REST description (docs/api.md, "Limits and their sizing"). */
    @Test
    void specificationBoundsAndGenerationsHaveTheirDocumentedDefaults() {
        assertThat(bind("gantry.specs", SpecsProperties.class, Map.of()))
                .isEqualTo(new SpecsProperties(32 * 1024 * 1024, 96, 1_000_000, 100, 5_000))
                .isEqualTo(SpecsProperties.defaults());
        assertThat(bind("gantry.specs", SpecsProperties.class, Map.of("gantry.specs.max-bytes", "1000"))
                        .bodyLimits())
                .containsEntry(SpecsProperties.MAX_BYTES, 1000L);
        assertThat(bind("gantry.specs.generation", GenerationProperties.class, Map.of()))
                .isEqualTo(new GenerationProperties(
                        500, Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMillis(250), 20, 100));
        assertThat(bind(
                                "gantry.specs.generation",
                                GenerationProperties.class,
                                Map.of(
                                        "gantry.specs.generation.lease",
                                        "30s",
                                        "gantry.specs.generation.batch-size",
                                        "50"))
                        .lease())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anOperatorsSettingsKeepTheirNames() {
        Map<String, String> settings = Map.ofEntries(
                Map.entry("gantry.schedules.enabled", "false"),
                Map.entry("gantry.schedules.poll-interval", "2s"),
                Map.entry("gantry.hooks.replay-window", "1m"),
                Map.entry("gantry.hooks.callback-attempts", "2"),
                Map.entry("gantry.hooks.callback-poll-interval", "5s"),
                Map.entry("gantry.hooks.allow-private-callbacks", "true"),
                Map.entry("gantry.audit.retention", "30d"),
                Map.entry("gantry.changelog.max-value-chars", "500"),
                Map.entry("gantry.targets.allow-link-local", "true"),
                Map.entry("gantry.reports.html-max-failures", "10"),
                Map.entry("gantry.reports.html-max-steps", "20"),
                Map.entry("gantry.environments.max-response-bytes-cap", "64MB"),
                Map.entry("gantry.runs.purge-interval", "10m"),
                Map.entry("gantry.runs.deadline-check-interval", "3s"),
                Map.entry("gantry.runs.max-wait", "1m"),
                Map.entry("gantry.runs.wait-poll-interval", "1ms"),
                Map.entry("gantry.runs.job-record-retention", "2d"));
        SchedulesProperties schedules = bind("gantry.schedules", SchedulesProperties.class, settings);
        assertThat(schedules.enabled()).isFalse();
        assertThat(schedules.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bind("gantry.hooks", HooksProperties.class, settings))
                .isEqualTo(new HooksProperties(Duration.ofMinutes(1), 2, Duration.ofSeconds(5), true));
        assertThat(bind("gantry.audit", AuditProperties.class, settings).retention())
                .isEqualTo(Duration.ofDays(30));
        assertThat(bind("gantry.changelog", ChangeLogProperties.class, settings).maxValueChars())
                .isEqualTo(500);
        assertThat(bind("gantry.targets", TargetsProperties.class, settings).allowLinkLocal())
                .isTrue();
        assertThat(bind("gantry.reports", ReportsProperties.class, settings)).isEqualTo(new ReportsProperties(10, 20));
        assertThat(bind("gantry.environments", EnvironmentsProperties.class, settings)
                        .maxResponseBytesCap())
                .isEqualTo(DataSize.ofMegabytes(64));
        RunsProperties runs = bind("gantry.runs", RunsProperties.class, settings);
        assertThat(runs.purgeInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(runs.deadlineCheckInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(runs.maxWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(runs.jobRecordRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(runs.waitPollInterval()).isEqualTo(Duration.ofMillis(1));
    }
}
