package dev.gantry.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Secrets at rest.
 *
 * @param encryptionKey Base64 of the 256-bit key the control plane seals environment secrets with;
 *                      without it, runs whose environment holds secrets cannot execute
 */
@ConfigurationProperties("gantry.security")
public record SecurityProperties(String encryptionKey) {}
