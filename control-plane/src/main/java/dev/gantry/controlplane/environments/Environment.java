package dev.gantry.controlplane.environments;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.AuthConfig;
import dev.gantry.model.EnvironmentSnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Where a suite runs: base URL, variables and default headers. */
@Entity
@Table(name = "environments")
public class Environment {
    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "project_id", nullable = false, updatable = false)
    private UUID projectId;

    private String name;

    @Column(name = "base_url")
    private String baseUrl;

    @Convert(converter = JsonColumns.StringMap.class)
    @ColumnTransformer(write = "?::jsonb")
    private Map<String, String> variables;

    @Convert(converter = JsonColumns.StringMap.class)
    @ColumnTransformer(write = "?::jsonb")
    private Map<String, String> headers;

    /** Sealed values by name; the clear values never reach the database or an answer. */
    @Convert(converter = JsonColumns.StringMap.class)
    @ColumnTransformer(write = "?::jsonb")
    private Map<String, String> secrets = Map.of();

    @Column(name = "follow_redirects")
    private boolean followRedirects;

    @Column(name = "verify_tls")
    private boolean verifyTls = true;

    /** How much of an answer's body a worker keeps; null: the worker's own bound. */
    @Column(name = "max_response_bytes")
    private Long maxResponseBytes;

    @Convert(converter = JsonColumns.Auth.class)
    @ColumnTransformer(write = "?::jsonb")
    private AuthConfig auth;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Environment() {}

    public Environment(UUID tenantId, UUID projectId, Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.createdAt = now;
    }

    public void update(
            String name, String baseUrl, Map<String, String> variables, Map<String, String> headers, Instant now) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.variables = variables == null ? Map.of() : Map.copyOf(variables);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.updatedAt = now;
    }

    /** Replaces the sealed secrets and the auth configuration. */
    public void secure(Map<String, String> sealedSecrets, AuthConfig auth) {
        this.secrets = Map.copyOf(sealedSecrets);
        this.auth = auth;
    }

    /** How requests travel: redirects followed or not, TLS verified or not. */
    public void transport(boolean followRedirects, boolean verifyTls, Long maxResponseBytes) {
        this.followRedirects = followRedirects;
        this.verifyTls = verifyTls;
        this.maxResponseBytes = maxResponseBytes;
    }

    public Long getMaxResponseBytes() {
        return maxResponseBytes;
    }

    public EnvironmentSnapshot snapshot() {
        return new EnvironmentSnapshot(
                name, baseUrl, variables, headers, secrets, auth, followRedirects, verifyTls, maxResponseBytes);
    }

    public boolean isFollowRedirects() {
        return followRedirects;
    }

    public boolean isVerifyTls() {
        return verifyTls;
    }

    public Map<String, String> getSecrets() {
        return secrets;
    }

    public AuthConfig getAuth() {
        return auth;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public Map<String, String> getVariables() {
        return variables;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
