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

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SuiteStatus status = SuiteStatus.READY;

    @Enumerated(EnumType.STRING)
    @Column(name = "review_status")
    private ReviewStatus reviewStatus;

    @Column(name = "reviewed_by")
    private UUID reviewedBy;

    @Column(name = "reviewed_at")
    private Instant reviewedAt;

    @Column(name = "review_note")
    private String reviewNote;

    @Column(name = "reviewed_version")
    private Integer reviewedVersion;

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
        this.version = 1;
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
        this.updatedAt = now;
    }

    /**
     * Any change to the suite, its cases or its data makes a new version, through {@link CaseChanges}
     * only, which numbers it from the locked row and records what changed.
     */
    void versioned(int version, Instant now) {
        this.version = version;
        this.updatedAt = now;
    }

    /**
     * Moves the suite to another status as {@link SuiteStatus}'s transitions allow (409 naming
     * {@code status} otherwise). Entering DRAFT asks for a new review.
     */
    void moveTo(SuiteStatus to) {
        if (to == status) {
            return;
        }
        status.checkMove(to, this);
        if (to == SuiteStatus.DRAFT) {
            this.reviewStatus = ReviewStatus.PENDING;
            this.reviewedBy = null;
            this.reviewedAt = null;
            this.reviewNote = null;
            this.reviewedVersion = null;
        }
        this.status = to;
    }

    /** A person's review decision about the version the suite is at. */
    void review(ReviewStatus decision, UUID reviewer, String note, Instant now) {
        this.reviewStatus = decision;
        this.reviewedBy = reviewer;
        this.reviewedAt = now;
        this.reviewNote = note;
        this.reviewedVersion = version;
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

    public SuiteStatus getStatus() {
        return status;
    }

    /** PENDING, APPROVED or REJECTED; null for a suite never put to review. */
    public ReviewStatus getReviewStatus() {
        return reviewStatus;
    }

    public UUID getReviewedBy() {
        return reviewedBy;
    }

    public Instant getReviewedAt() {
        return reviewedAt;
    }

    public String getReviewNote() {
        return reviewNote;
    }

    /** The version the last review decision was about, or null. */
    public Integer getReviewedVersion() {
        return reviewedVersion;
    }
}
