package dev.gantry.controlplane.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of API-key authentication and of secrets at rest.
 *
 * @param adminKey      the bootstrap admin key; when empty, one is generated on first start and printed once.
 *                      Changing it replaces the previous bootstrap key, which stops working
 * @param encryptionKey Base64 of the 256-bit key that seals environment secrets (the workers hold the
 *                      same); without it, environments cannot hold secrets
 * @param openMetrics   whether {@code /actuator/prometheus}, {@code /actuator/metrics} and {@code /actuator/info}
 *                      answer without a key (they are on the management port, which Prometheus scrapes);
 *                      when off they need an operator's key. Health is always open, for probes
 * @param openApiDocs   whether the OpenAPI document and Swagger UI answer without a key; when off they need
 *                      any valid key
 */
@ConfigurationProperties("gantry.security")
public record SecurityProperties(
        String adminKey,
        String encryptionKey,
        @DefaultValue("true") boolean openMetrics,
        @DefaultValue("true") boolean openApiDocs) {}
