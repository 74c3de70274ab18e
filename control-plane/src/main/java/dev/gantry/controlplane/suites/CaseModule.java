package dev.gantry.controlplane.suites;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A node of a project's case hierarchy: a module, a sub-module of one, or a feature of a sub-module. */
@Entity
@Table(name = "case_modules")
public class CaseModule {
    /** The three levels, each the child of the one before. */
    public enum Level {
        MODULE,
        SUB_MODULE,
        FEATURE;

        /** The level of a child of this one; a feature has none. */
        Optional<Level> child() {
            return this == FEATURE ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
        }
    }

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "project_id", nullable = false, updatable = false)
    private UUID projectId;

    @Column(name = "parent_id", updatable = false)
    private UUID parentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Level level;

    private String name;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected CaseModule() {}

    CaseModule(UUID tenantId, UUID projectId, UUID parentId, Level level, String name, Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.parentId = parentId;
        this.level = level;
        this.name = name;
        this.createdAt = now;
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

    public UUID getParentId() {
        return parentId;
    }

    public Level getLevel() {
        return level;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
