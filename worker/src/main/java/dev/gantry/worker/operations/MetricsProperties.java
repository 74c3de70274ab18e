package dev.gantry.worker.operations;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The worker's metrics.
 *
 * @param environmentTags environment names that become values of the {@code environment} tag of step
 *                        metrics (compared without case); every other environment is counted as
 *                        {@code other}, so that users' names cannot multiply the series. Unset, the usual
 *                        stages ({@link #DEFAULT_ENVIRONMENT_TAGS})
 */
@ConfigurationProperties("gantry.metrics")
public record MetricsProperties(List<String> environmentTags) {
    public static final List<String> DEFAULT_ENVIRONMENT_TAGS = List.of(
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

    public MetricsProperties {
        environmentTags = environmentTags == null ? DEFAULT_ENVIRONMENT_TAGS : List.copyOf(environmentTags);
    }
}
