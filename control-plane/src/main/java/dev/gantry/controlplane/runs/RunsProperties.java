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
 * @param outageTolerance       how long a manager goes on polling and sending through an outage of
 *                              PostgreSQL, RabbitMQ or Redis before it fails its run
 */
@ConfigurationProperties("gantry.runs")
public record RunsProperties(
        @DefaultValue("16") int targetPartitions,
        @DefaultValue("250") int minWorkItemsPerPartition,
        @DefaultValue("1000") int maxWorkItemsPerPartition,
        @DefaultValue("64") int maxPartitions,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("6h") Duration partitionTimeout,
        @DefaultValue("30s") Duration permitLease,
        @DefaultValue("500ms") Duration admissionInterval,
        @DefaultValue("400d") Duration summaryRetention,
        @DefaultValue("2m") Duration outageTolerance) {

    public RunsProperties {
        if (targetPartitions < 1 || minWorkItemsPerPartition < 1 || maxPartitions < 1) {
            throw new IllegalArgumentException("gantry.runs sizes must be positive");
        }
        if (permitLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("gantry.runs.permit-lease must be at least 1s");
        }
        if (maxWorkItemsPerPartition < minWorkItemsPerPartition) {
            throw new IllegalArgumentException("gantry.runs.max-work-items-per-partition is below the minimum");
        }
    }

    /** Work items per partition for a run of {@code items}: about the target count, within the bounds. */
    public long partitionSize(long items) {
        long size = Math.ceilDiv(items, targetPartitions);
        size = Math.max(minWorkItemsPerPartition, Math.min(maxWorkItemsPerPartition, size));
        // never more partitions than the manager may poll
        return Math.max(size, Math.ceilDiv(items, maxPartitions));
    }
}
