package dev.gantry.controlplane.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of API-key authentication.
 *
 * @param adminKey the bootstrap admin key; when empty, one is generated on first start and printed once
 */
@ConfigurationProperties("gantry.security")
public record SecurityProperties(String adminKey) {}
