package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One HTTP request template with its expectations and extractions; may depend on another case (and
 * run even after an earlier step of its chain failed), run once as the suite's setup or teardown, or
 * pin one data set.
 */
@Entity
@Table(name = "test_cases")
public class TestCase {
    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "suite_id", nullable = false, updatable = false)
    private UUID suiteId;

    @Column(name = "project_id", nullable = false, updatable = false)
    private UUID projectId;

    /** Readable and unique in the project ({@code TC_API_001}); see {@link CaseIds}. */
    @Column(name = "readable_id", nullable = false, updatable = false)
    private String readableId;

    private String name;
    private int position;

    @Column(name = "depends_on_id")
    private UUID dependsOn;

    private boolean enabled;

    @Enumerated(EnumType.STRING)
    private CasePhase phase = CasePhase.TEST;

    @Column(name = "data_set_id")
    private UUID dataSetId;

    @Column(name = "run_after_failure")
    private boolean runAfterFailure;

    @Convert(converter = JsonColumns.Request.class)
    @ColumnTransformer(write = "?::jsonb")
    private RequestTemplate request;

    @Convert(converter = JsonColumns.Expects.class)
    @ColumnTransformer(write = "?::jsonb")
    private Expectations expectations;

    @Convert(converter = JsonColumns.Extractions.class)
    @ColumnTransformer(write = "?::jsonb")
    private List<Extraction> extractions;

    @Convert(converter = JsonColumns.Retry.class)
    @ColumnTransformer(write = "?::jsonb")
    private RetryPolicy retry;

    @Column(name = "module_id")
    private UUID moduleId;

    @Convert(converter = JsonColumns.StringList.class)
    @ColumnTransformer(write = "?::jsonb")
    private List<String> tags = List.of();

    @Enumerated(EnumType.STRING)
    private CaseClassification.Priority priority;

    @Enumerated(EnumType.STRING)
    @Column(name = "case_type")
    private CaseClassification.Type type;

    @Enumerated(EnumType.STRING)
    private CaseClassification.Mode mode = CaseClassification.Mode.AUTOMATED;

    @Enumerated(EnumType.STRING)
    @Column(name = "automation_status")
    private CaseClassification.AutomationStatus automationStatus;

    private String preconditions;
    private String steps;

    @Column(name = "expected_result")
    private String expectedResult;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected TestCase() {}

    public TestCase(UUID id, Suite suite, String readableId, Instant now) {
        this.id = id;
        this.tenantId = suite.getTenantId();
        this.suiteId = suite.getId();
        this.projectId = suite.getProjectId();
        this.readableId = readableId;
        this.createdAt = now;
    }

    public void update(ValidCase valid, int position, Instant now) {
        this.name = valid.name();
        this.position = position;
        this.dependsOn = valid.dependsOn();
        this.enabled = valid.enabled();
        this.phase = valid.phase();
        this.dataSetId = valid.dataSetId();
        this.runAfterFailure = valid.runAfterFailure();
        this.request = valid.request();
        this.expectations = valid.expectations();
        this.extractions = valid.extractions();
        this.retry = valid.retry();
        this.moduleId = valid.moduleId();
        CaseClassification c = valid.classification();
        this.tags = c.tags();
        this.priority = c.priority();
        this.type = c.type();
        this.mode = c.mode();
        this.automationStatus = c.automationStatus();
        this.preconditions = valid.text().preconditions();
        this.steps = valid.text().steps();
        this.expectedResult = valid.text().expectedResult();
        this.updatedAt = now;
    }

    /**
     * Whether a run sends this case (and an export writes it): it is enabled and automated. A manual
     * case is done by hand and may have no request at all.
     */
    public boolean isRun() {
        return enabled && mode != CaseClassification.Mode.MANUAL;
    }

    public CaseDefinition definition() {
        return new CaseDefinition(id, name, request, expectations, extractions, retry, null, runAfterFailure);
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

    public UUID getProjectId() {
        return projectId;
    }

    public String getReadableId() {
        return readableId;
    }

    public String getName() {
        return name;
    }

    public int getPosition() {
        return position;
    }

    public UUID getDependsOn() {
        return dependsOn;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public CasePhase getPhase() {
        return phase;
    }

    /** The data set this case runs with instead of the suite's shared rows, or null. */
    public UUID getDataSetId() {
        return dataSetId;
    }

    /** Whether the case runs even when an earlier step of its chain failed or errored. */
    public boolean isRunAfterFailure() {
        return runAfterFailure;
    }

    /** The request a run sends; null only for a manual case. */
    public RequestTemplate getRequest() {
        return request;
    }

    public Expectations getExpectations() {
        return expectations;
    }

    public List<Extraction> getExtractions() {
        return extractions;
    }

    public RetryPolicy getRetry() {
        return retry;
    }

    /** The node of the project's hierarchy the case is filed in, or null. */
    public UUID getModuleId() {
        return moduleId;
    }

    public CaseClassification getClassification() {
        return new CaseClassification(tags == null ? List.of() : tags, priority, type, mode, automationStatus);
    }

    /** How a tester does the case by hand. */
    public CaseText getText() {
        return new CaseText(preconditions, steps, expectedResult);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
