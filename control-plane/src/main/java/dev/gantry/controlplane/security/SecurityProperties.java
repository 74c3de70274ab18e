package dev.gantry.controlplane.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of API-key authentication and of secrets at rest.
 *
 * @param adminKey      the bootstrap admin key; when empty, one is generated on first start and printed once
 * @param encryptionKey Base64 of the 256-bit key that seals environment secrets (the workers hold the
 *                      same); without it, environments cannot hold secrets
 */
@ConfigurationProperties("gantry.security")
public record SecurityProperties(String adminKey, String encryptionKey) {}
