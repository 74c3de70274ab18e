package dev.gantry.worker.operations;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's metrics.
 *
 * @param environmentTags environment names that become values of the {@code environment} tag of step
 *                        metrics (compared without case); every other environment is counted as
 *                        {@code other}, so that users' names cannot multiply the series
 */
@ConfigurationProperties("gantry.metrics")
public record MetricsProperties(@DefaultValue(DEFAULT_ENVIRONMENT_TAGS) List<String> environmentTags) {
    public static final String DEFAULT_ENVIRONMENT_TAGS =
            "production,prod,staging,stage,preprod,uat,qa,test,dev,development,local,sandbox";
}
