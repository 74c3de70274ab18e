package dev.gantry.controlplane.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control plane's farm gauges are kept.
 *
 * @param refreshInterval how often the gauges read PostgreSQL and RabbitMQ (a few grouped queries); about
 *                        Prometheus's scrape interval, since reading more often shows nothing new
 */
@ConfigurationProperties("gantry.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration refreshInterval) {
    public MetricsProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("gantry.metrics.refresh-interval must be positive");
        }
    }
}
