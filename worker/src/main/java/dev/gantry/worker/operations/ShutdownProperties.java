package dev.gantry.worker.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a worker stops.
 *
 * @param timeout how long a stopping worker waits for the partitions it holds to finish, after it has
 *                stopped taking new ones; a partition still running then is handed back (its request
 *                was never acknowledged) and another worker resumes it from its last committed chunk.
 *                Keep it below the platform's grace period (Kubernetes terminationGracePeriodSeconds)
 */
@ConfigurationProperties("gantry.worker.shutdown")
public record ShutdownProperties(@DefaultValue("45s") Duration timeout) {
    public ShutdownProperties {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("gantry.worker.shutdown.timeout must not be negative");
        }
    }
}
