package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Rows of variables; every enabled row runs every chain of the suite once. */
@Entity
@Table(name = "data_sets")
public class DataSet {
    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "suite_id", nullable = false, updatable = false)
    private UUID suiteId;

    private String name;
    private boolean enabled;

    @Convert(converter = JsonColumns.Rows.class)
    @ColumnTransformer(write = "?::jsonb")
    private List<Map<String, Object>> rows;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected DataSet() {}

    public DataSet(UUID tenantId, UUID suiteId, Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.suiteId = suiteId;
        this.createdAt = now;
    }

    public void update(String name, boolean enabled, List<Map<String, Object>> rows, Instant now) {
        this.name = name;
        this.enabled = enabled;
        this.rows = rows;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getSuiteId() {
        return suiteId;
    }

    public String getName() {
        return name;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public List<Map<String, Object>> getRows() {
        return rows;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
