package dev.gantry.model;

import java.util.Map;
import java.util.Objects;

/**
 * The environment a run executes in, as it was when the run was triggered.
 *
 * @param secrets sealed by {@link SecretBox}: they stay encrypted in the snapshot at rest
 * @param auth    how requests authenticate, or null
 * @param followRedirects whether 3xx answers are followed (off: a test sees the redirect itself)
 * @param verifyTls       whether TLS certificates and host names are verified (on unless switched off)
 */
public record EnvironmentSnapshot(
        String name,
        String baseUrl,
        Map<String, String> variables,
        Map<String, String> headers,
        Map<String, String> secrets,
        AuthConfig auth,
        boolean followRedirects,
        boolean verifyTls,
        Long maxResponseBytes) {
    public EnvironmentSnapshot {
        Objects.requireNonNull(baseUrl, "baseUrl");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    public EnvironmentSnapshot(
            String name, String baseUrl, Map<String, String> variables, Map<String, String> headers) {
        this(name, baseUrl, variables, headers, null, null);
    }

    /** Redirects not followed, TLS verified. */
    public EnvironmentSnapshot(
            String name,
            String baseUrl,
            Map<String, String> variables,
            Map<String, String> headers,
            Map<String, String> secrets,
            AuthConfig auth) {
        this(name, baseUrl, variables, headers, secrets, auth, false, true);
    }

    /** The worker's own bound on answer bodies. */
    public EnvironmentSnapshot(
            String name,
            String baseUrl,
            Map<String, String> variables,
            Map<String, String> headers,
            Map<String, String> secrets,
            AuthConfig auth,
            boolean followRedirects,
            boolean verifyTls) {
        this(name, baseUrl, variables, headers, secrets, auth, followRedirects, verifyTls, null);
    }
}
