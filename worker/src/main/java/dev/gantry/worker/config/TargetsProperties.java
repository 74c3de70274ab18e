package dev.gantry.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where test targets may be. The farm's own service ports ({@code gantry.targets.service-ports} and
 * {@code gantry.targets.allowed-service-ports}) are read with the app's other ports by
 * {@link dev.gantry.model.ServicePorts}.
 *
 * @param allowLinkLocal whether targets may be on link-local and cloud metadata addresses
 *                       ({@link dev.gantry.model.TargetAddresses}), names included; off unless an operator says so
 */
@ConfigurationProperties("gantry.targets")
public record TargetsProperties(@DefaultValue(DEFAULT_ALLOW_LINK_LOCAL) boolean allowLinkLocal) {
    public static final String DEFAULT_ALLOW_LINK_LOCAL = "false";
}
