package dev.gantry.controlplane.runs;

import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * One execution of a suite in an environment, as read. Only {@link RunStore} writes runs (plain
 * SQL, status changes guarded), so the entity is immutable and its repository reads only. The
 * snapshot lives apart, in {@link FrozenSnapshot}.
 */
@Entity
@Immutable
@Table(name = "runs")
public class Run {
    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "suite_id", nullable = false, updatable = false)
    private UUID suiteId;

    @Column(name = "environment_id", nullable = false, updatable = false)
    private UUID environmentId;

    @Enumerated(EnumType.STRING)
    private RunStatus status;

    @Column(name = "trigger_kind", updatable = false)
    private String trigger;

    @Column(name = "suite_name", updatable = false)
    private String suiteName;

    @Column(name = "job_execution_id")
    private Long jobExecutionId;

    @Column(name = "total_work_items", updatable = false)
    private long totalWorkItems;

    @Column(name = "total_steps", updatable = false)
    private long totalSteps;

    private long passed;
    private long failed;
    private long skipped;
    private long errored;

    @Column(insertable = false, updatable = false)
    private long flaky;

    @Column(name = "error_message")
    private String errorMessage;

    @Column(name = "details_lost", insertable = false, updatable = false)
    private long detailsLost;

    @Column(name = "details_lost_note", insertable = false, updatable = false)
    private String detailsLostNote;

    @Column(name = "redis_key", updatable = false)
    private String redisKey;

    @Column(name = "results_expire_at", updatable = false)
    private Instant resultsExpireAt;

    @Column(name = "deadline_at", updatable = false)
    private Instant deadlineAt;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "first_step_at", insertable = false, updatable = false)
    private Instant firstStepAt;

    @Column(name = "p50_ms", insertable = false, updatable = false)
    private Double p50Ms;

    @Column(name = "p95_ms", insertable = false, updatable = false)
    private Double p95Ms;

    @Column(name = "p99_ms", insertable = false, updatable = false)
    private Double p99Ms;

    @Column(name = "max_ms", insertable = false, updatable = false)
    private Double maxMs;

    protected Run() {}

    /** A run just triggered, QUEUED; {@link RunStore#create} stores it. */
    Run(RunSnapshot snapshot, UUID environmentId, String trigger, String redisKey, Instant deadlineAt, Instant now) {
        this.id = snapshot.runId();
        this.tenantId = snapshot.tenantId();
        this.suiteId = snapshot.suiteId();
        this.environmentId = environmentId;
        this.status = RunStatus.QUEUED;
        this.trigger = trigger;
        this.suiteName = snapshot.suiteName();
        this.totalWorkItems = snapshot.workItemCount();
        this.totalSteps = snapshot.stepCount();
        this.redisKey = redisKey;
        this.deadlineAt = deadlineAt;
        this.createdAt = now;
        this.resultsExpireAt = now.plusSeconds(snapshot.resultTtlSeconds());
    }

    /** When the run is cancelled if it is still going; null: never. */
    public Instant getDeadlineAt() {
        return deadlineAt;
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

    public UUID getEnvironmentId() {
        return environmentId;
    }

    public RunStatus getStatus() {
        return status;
    }

    public String getTrigger() {
        return trigger;
    }

    public String getSuiteName() {
        return suiteName;
    }

    public Long getJobExecutionId() {
        return jobExecutionId;
    }

    public long getTotalWorkItems() {
        return totalWorkItems;
    }

    public long getTotalSteps() {
        return totalSteps;
    }

    public long getPassed() {
        return passed;
    }

    public long getFailed() {
        return failed;
    }

    public long getSkipped() {
        return skipped;
    }

    public long getErrored() {
        return errored;
    }

    public long getFlaky() {
        return flaky;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public String getRedisKey() {
        return redisKey;
    }

    public Instant getResultsExpireAt() {
        return resultsExpireAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public Instant getFirstStepAt() {
        return firstStepAt;
    }

    public Double getP50Ms() {
        return p50Ms;
    }

    public Double getP95Ms() {
        return p95Ms;
    }

    public Double getP99Ms() {
        return p99Ms;
    }

    public Double getMaxMs() {
        return maxMs;
    }

    public long getDetailsLost() {
        return detailsLost;
    }

    public String getDetailsLostNote() {
        return detailsLostNote;
    }
}
