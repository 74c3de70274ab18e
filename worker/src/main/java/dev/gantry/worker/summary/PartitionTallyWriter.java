package dev.gantry.worker.summary;

import dev.gantry.model.CaseTally;
import dev.gantry.model.MetricNames;
import dev.gantry.model.PartitionContext;
import dev.gantry.model.PartitionTally;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import dev.gantry.worker.execution.ChainResult;
import dev.gantry.worker.execution.CompiledRun;
import dev.gantry.worker.execution.RunCatalog;
import dev.gantry.worker.operations.EnvironmentTags;
import dev.gantry.worker.stepdetails.StepDetailStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a chunk's results: step details to Redis in one pipelined batch, then the partition's
 * counters to PostgreSQL. It runs inside the chunk transaction, which also commits the step's
 * execution context (holding the per-case tally) and the reader's position, so a replayed chunk
 * overwrites its Redis entries and counts exactly once.
 *
 * <p>The worker's only writer of {@code run_partitions} (the control plane's is its
 * {@code PartitionStore}): it takes a partition over, adds each chunk's counters, shows the step's
 * status, and records why a partition failed for {@link PartitionFailureRecorder}.
 * {@code TableOwnershipTest} holds the worker's writes of the table to this class.
 */
public class PartitionTallyWriter implements ItemWriter<ChainResult>, StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionTallyWriter.class);

    private final RunCatalog catalog;
    private final UUID runId;
    private final StepDetailStore store;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final EnvironmentTags environmentTags;
    /** This execution's claim on the partition (see {@link #beforeStep}). */
    private UUID owner;

    /** The seq of the chunk's last work item, committed as the partition's position. */
    private final LongSupplier lastItemRead;

    private final Map<UUID, CaseCounter> counters = new HashMap<>();
    private StepExecution stepExecution;
    private int partitionIndex;
    private boolean setup;
    private CompiledRun run;

    /**
     * The run is resolved in {@link #beforeStep}, not here: building this bean must not fail, or
     * the step's other listeners (which record why a partition failed) would never be called.
     */
    public PartitionTallyWriter(
            RunCatalog catalog,
            UUID runId,
            StepDetailStore store,
            JdbcTemplate jdbc,
            JsonMapper json,
            MeterRegistry meters,
            EnvironmentTags environmentTags,
            LongSupplier lastItemRead) {
        this.catalog = catalog;
        this.runId = runId;
        this.store = store;
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
        this.environmentTags = environmentTags;
        this.lastItemRead = lastItemRead;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.stepExecution = stepExecution;
        ExecutionContext context = stepExecution.getExecutionContext();
        partitionIndex = context.getInt(PartitionContext.PARTITION_INDEX);
        setup = PartitionContext.SETUP.equals(context.getString(PartitionContext.PHASE, PartitionContext.MAIN));
        // this execution takes the partition over; an earlier one still running can commit no more
        // (the reader opens after this, so it starts from whatever that one committed before)
        owner = UUID.randomUUID();
        jdbc.update(
                """
                update run_partitions set status = 'RUNNING', step_execution_id = ?, owner = ?
                where run_id = ? and partition_index = ?
                """,
                stepExecution.getId(),
                owner,
                runId,
                partitionIndex);
        run = catalog.get(runId);
        // a redelivered partition resumes from what its last chunk committed
        counters.clear();
        String tally = jdbc.queryForObject(
                "select tally from run_partitions where run_id = ? and partition_index = ?",
                String.class,
                runId,
                partitionIndex);
        if (tally != null) {
            json.readValue(tally, PartitionTally.class)
                    .cases()
                    .forEach((caseId, caseTally) -> counters.put(caseId, CaseCounter.of(caseTally)));
        }
    }

    @Override
    public void write(Chunk<? extends ChainResult> chunk) {
        List<StepDetail> details = new ArrayList<>(chunk.size() * 4);
        List<StepDetail> retried = new ArrayList<>(0);
        for (ChainResult result : chunk) {
            details.addAll(result.steps());
            retried.addAll(result.retriedAttempts());
        }
        if (setup) {
            // committed with the chunk, read by the manager for every later partition
            for (ChainResult result : chunk) {
                stepExecution
                        .getExecutionContext()
                        .putString(PartitionContext.SETUP_VARIABLES, catalog.sealVariables(result.extracted()));
            }
        }
        // Redis first: if it fails, nothing of this chunk has been counted anywhere yet
        long bytes = store.saveAll(run.runId(), details, retried, run.resultTtl());

        Map<StepStatus, Long> byStatus = new EnumMap<>(StepStatus.class);
        Timer durations =
                meters.timer(MetricNames.STEP_DURATION, "environment", environmentTags.of(run.environmentName()));
        long firstStartedAt = Long.MAX_VALUE;
        for (StepDetail step : details) {
            counters.computeIfAbsent(step.caseId(), id -> CaseCounter.empty())
                    .add(step.status(), step.durationMicros());
            byStatus.merge(step.status(), 1L, Long::sum);
            if (step.status() != StepStatus.SKIPPED) {
                durations.record(step.durationMicros(), TimeUnit.MICROSECONDS);
                firstStartedAt = Math.min(firstStartedAt, step.startedAtEpochMs());
            }
        }
        Map<UUID, CaseTally> tallies = new HashMap<>();
        counters.forEach((caseId, counter) -> tallies.put(caseId, counter.tally()));
        int updated = jdbc.update(
                """
                update run_partitions set steps_done = steps_done + ?, passed = passed + ?, failed = failed + ?,
                    skipped = skipped + ?, errored = errored + ?, flaky = flaky + ?,
                    first_step_at = least(first_step_at, ?), detail_bytes = detail_bytes + ?, tally = ?,
                    last_seq_done = ?
                where run_id = ? and partition_index = ? and owner = ?
                """,
                details.size(),
                count(byStatus, StepStatus.PASSED),
                count(byStatus, StepStatus.FAILED),
                count(byStatus, StepStatus.SKIPPED),
                count(byStatus, StepStatus.ERRORED),
                count(byStatus, StepStatus.FLAKY),
                firstStartedAt == Long.MAX_VALUE ? null : new Timestamp(firstStartedAt),
                bytes,
                json.writeValueAsString(new PartitionTally(PartitionTally.SCHEMA_VERSION, tallies)),
                lastItemRead.getAsLong(),
                run.runId(),
                partitionIndex,
                owner);
        if (updated == 0) {
            throw new PartitionTakenOverException(partitionIndex, runId);
        }
        byStatus.forEach((status, n) -> meters.counter(
                        MetricNames.STEPS, "outcome", status.name().toLowerCase())
                .increment(n));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        try {
            jdbc.update(
                    "update run_partitions set status = ? where run_id = ? and partition_index = ?",
                    stepExecution.getStatus().name(),
                    runId,
                    partitionIndex);
        } catch (DataAccessException e) {
            // shown to people only; a listener that throws would keep the step's other listeners from running
            log.warn("partition {} of run {}: its status could not be shown ({})", partitionIndex, runId, e.toString());
        }
        meters.counter(
                        MetricNames.PARTITIONS,
                        "outcome",
                        stepExecution.getStatus().name().toLowerCase())
                .increment();
        return stepExecution.getExitStatus();
    }

    /**
     * Why a partition failed, beside its counters; the row turns FAILED and names its step execution
     * (also when the step failed before this writer took the partition over), by which the manager
     * tells a partition that failed for good from one whose worker lost PostgreSQL.
     */
    static void recordFailure(JdbcTemplate jdbc, UUID runId, int partitionIndex, long stepExecutionId, String reason) {
        jdbc.update(
                """
                update run_partitions set error = ?, status = 'FAILED',
                    step_execution_id = ?
                where run_id = ? and partition_index = ?
                """,
                reason,
                stepExecutionId,
                runId,
                partitionIndex);
    }

    private static long count(Map<StepStatus, Long> byStatus, StepStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }
}
