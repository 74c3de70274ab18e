package dev.gantry.controlplane.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How runs are split and watched.
 *
 * @param workItemsPerPartition target size of a partition; smaller spreads better over workers, larger
 *                              costs fewer PostgreSQL round trips
 * @param maxPartitions         upper bound on partitions per run
 * @param pollInterval          how often the manager step polls the JobRepository for finished partitions
 * @param partitionTimeout      how long the manager waits for all partitions before failing the run
 * @param insertBatchSize       rows per JDBC batch when the expansion step writes work items
 */
@ConfigurationProperties("gantry.runs")
public record RunsProperties(
        @DefaultValue("250") int workItemsPerPartition,
        @DefaultValue("64") int maxPartitions,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("6h") Duration partitionTimeout,
        @DefaultValue("2000") int insertBatchSize) {

    public RunsProperties {
        if (workItemsPerPartition < 1 || maxPartitions < 1 || insertBatchSize < 1) {
            throw new IllegalArgumentException("gantry.runs sizes must be positive");
        }
    }
}
