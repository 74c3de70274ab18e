package dev.gantry.controlplane.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How runs are split and watched.
 *
 * @param targetPartitions      partitions a run is split into when sizes allow: enough to keep every
 *                              worker's partition slots busy
 * @param minWorkItemsPerPartition smallest partition worth a message and a step execution
 * @param maxWorkItemsPerPartition largest partition before a run is split further; smaller spreads
 *                              better over workers, larger costs fewer PostgreSQL round trips
 * @param maxPartitions         upper bound on partitions per run (the manager polls them all)
 * @param pollInterval          how often the manager step polls the JobRepository for finished partitions
 * @param partitionTimeout      how long the manager waits for all partitions before failing the run
 * @param permitLease           how long a control plane's lease on a run (and a permit) lasts unrenewed
 * @param admissionInterval     how often a control plane renews leases, takes runs over and admits runs
 * @param summaryRetention      how long a run's summary is kept
 * @param jobRecordRetention    how long Spring Batch's records of an ended generation or coverage job are
 *                              kept (what the job produced stays in its own tables)
 * @param outageTolerance       how long a manager goes on polling and sending through an outage of
 *                              PostgreSQL, RabbitMQ or Redis before it fails its run
 * @param purgeInterval         how often expired run details, summaries and audit entries are purged (the
 *                              first purge one interval after start)
 * @param deadlineCheckInterval how often runs past their deadline are looked for and cancelled
 * @param maxWait               the longest {@code ?wait=} a run's GET holds open; longer asks get this
 * @param waitPollInterval      how often the statuses of waited-for runs are read (one query for all of
 *                              them; never below 10 ms)
 */
@ConfigurationProperties("gantry.runs")
public record RunsProperties(
        @DefaultValue(DEFAULT_TARGET_PARTITIONS) int targetPartitions,
        @DefaultValue(DEFAULT_MIN_WORK_ITEMS_PER_PARTITION) int minWorkItemsPerPartition,
        @DefaultValue(DEFAULT_MAX_WORK_ITEMS_PER_PARTITION) int maxWorkItemsPerPartition,
        @DefaultValue(DEFAULT_MAX_PARTITIONS) int maxPartitions,
        @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval,
        @DefaultValue(DEFAULT_PARTITION_TIMEOUT) Duration partitionTimeout,
        @DefaultValue(DEFAULT_PERMIT_LEASE) Duration permitLease,
        @DefaultValue(DEFAULT_ADMISSION_INTERVAL) Duration admissionInterval,
        @DefaultValue(DEFAULT_SUMMARY_RETENTION) Duration summaryRetention,
        @DefaultValue(DEFAULT_OUTAGE_TOLERANCE) Duration outageTolerance,
        @DefaultValue(DEFAULT_PURGE_INTERVAL) Duration purgeInterval,
        @DefaultValue(DEFAULT_DEADLINE_CHECK_INTERVAL) Duration deadlineCheckInterval,
        @DefaultValue(DEFAULT_MAX_WAIT) Duration maxWait,
        @DefaultValue(DEFAULT_WAIT_POLL_INTERVAL) Duration waitPollInterval,
        @DefaultValue(DEFAULT_JOB_RECORD_RETENTION) Duration jobRecordRetention) {
    public static final String DEFAULT_TARGET_PARTITIONS = "16";
    public static final String DEFAULT_MIN_WORK_ITEMS_PER_PARTITION = "250";
    public static final String DEFAULT_MAX_WORK_ITEMS_PER_PARTITION = "1000";
    public static final String DEFAULT_MAX_PARTITIONS = "64";
    public static final String DEFAULT_POLL_INTERVAL = "250ms";
    public static final String DEFAULT_PARTITION_TIMEOUT = "6h";
    public static final String DEFAULT_PERMIT_LEASE = "30s";
    public static final String DEFAULT_ADMISSION_INTERVAL = "500ms";
    public static final String DEFAULT_SUMMARY_RETENTION = "400d";
    public static final String DEFAULT_OUTAGE_TOLERANCE = "2m";
    public static final String DEFAULT_PURGE_INTERVAL = "1h";
    public static final String DEFAULT_DEADLINE_CHECK_INTERVAL = "1s";
    public static final String DEFAULT_MAX_WAIT = "5m";
    public static final String DEFAULT_WAIT_POLL_INTERVAL = "250ms";
    public static final String DEFAULT_JOB_RECORD_RETENTION = "7d";
    /** The shortest wait poll interval taken. */
    static final Duration MIN_WAIT_POLL_INTERVAL = Duration.ofMillis(10);

    public RunsProperties {
        if (targetPartitions < 1 || minWorkItemsPerPartition < 1 || maxPartitions < 1) {
            throw new IllegalArgumentException("gantry.runs sizes must be positive");
        }
        if (permitLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("gantry.runs.permit-lease must be at least 1s");
        }
        for (Duration interval : new Duration[] {purgeInterval, deadlineCheckInterval, admissionInterval}) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("gantry.runs intervals must be positive");
            }
        }
        if (maxWorkItemsPerPartition < minWorkItemsPerPartition) {
            throw new IllegalArgumentException("gantry.runs.max-work-items-per-partition is below the minimum");
        }
    }

    /** The wait poll interval, at least {@link #MIN_WAIT_POLL_INTERVAL}. */
    Duration waitTick() {
        return waitPollInterval.compareTo(MIN_WAIT_POLL_INTERVAL) < 0 ? MIN_WAIT_POLL_INTERVAL : waitPollInterval;
    }

    /** Work items per partition for a run of {@code items}: about the target count, within the bounds. */
    public long partitionSize(long items) {
        long size = Math.ceilDiv(items, targetPartitions);
        size = Math.max(minWorkItemsPerPartition, Math.min(maxWorkItemsPerPartition, size));
        // never more partitions than the manager may poll
        return Math.max(size, Math.ceilDiv(items, maxPartitions));
    }
}
