package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.StepDetailLevel;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** An ordered, versioned set of test cases with their data sets. */
@Entity
@Table(name = "test_suites")
public class Suite {
    /** The longest deadline a suite or a trigger may set: a day. */
    public static final int MAX_DEADLINE_SECONDS = 86_400;

    /** What a suite created without {@code stepDetails} keeps. */
    public static final StepDetailLevel DEFAULT_STEP_DETAILS = StepDetailLevel.ALL;

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "project_id", nullable = false, updatable = false)
    private UUID projectId;

    private String name;
    private String description;
    private int version;

    @Convert(converter = JsonColumns.StringMap.class)
    @ColumnTransformer(write = "?::jsonb")
    private Map<String, String> variables;

    /** Runs of this suite still going this long after their trigger are cancelled; null: no deadline. */
    @Column(name = "deadline_seconds")
    private Integer deadlineSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "step_details", nullable = false)
    private StepDetailLevel stepDetails;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Suite() {}

    public Suite(
            UUID tenantId,
            UUID projectId,
            String name,
            String description,
            Map<String, String> variables,
            Integer deadlineSeconds,
            StepDetailLevel stepDetails,
            Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.createdAt = now;
        this.version = 0;
        update(name, description, variables, deadlineSeconds, stepDetails, now);
    }

    public void update(
            String name,
            String description,
            Map<String, String> variables,
            Integer deadlineSeconds,
            StepDetailLevel stepDetails,
            Instant now) {
        this.name = name;
        this.deadlineSeconds = deadlineSeconds;
        this.stepDetails = stepDetails;
        this.description = description;
        this.variables = variables == null ? Map.of() : Map.copyOf(variables);
        touch(now);
    }

    /** Any change to the suite, its cases or its data makes a new version. */
    public void touch(Instant now) {
        this.version++;
        this.updatedAt = now;
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

    public String getDescription() {
        return description;
    }

    public Map<String, String> getVariables() {
        return variables;
    }

    public Integer getDeadlineSeconds() {
        return deadlineSeconds;
    }

    public StepDetailLevel getStepDetails() {
        return stepDetails;
    }

    public int getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
