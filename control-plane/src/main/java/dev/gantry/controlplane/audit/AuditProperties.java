package dev.gantry.controlplane.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the audit log keeps its entries.
 *
 * @param retention entries older than this are removed, at each purge ({@code gantry.runs.purge-interval})
 */
@ConfigurationProperties("gantry.audit")
public record AuditProperties(@DefaultValue(DEFAULT_RETENTION) Duration retention) {
    public static final String DEFAULT_RETENTION = "400d";

    public AuditProperties {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("gantry.audit.retention must not be negative");
        }
    }
}
