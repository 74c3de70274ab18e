package dev.gantry.controlplane.environments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of what an environment may ask for.
 *
 * @param maxResponseBytesCap the most of one answer's body an environment may ask the workers to keep
 *                            ({@code maxResponseBytes}); a worker clamps it to its own cap too
 */
@ConfigurationProperties("gantry.environments")
public record EnvironmentsProperties(@DefaultValue(DEFAULT_MAX_RESPONSE_BYTES_CAP) DataSize maxResponseBytesCap) {
    public static final String DEFAULT_MAX_RESPONSE_BYTES_CAP = "16MB";
}
