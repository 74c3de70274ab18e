/**
 * What the control plane and the workers declare alike, written once and imported by both (as the
 * Spring Batch samples' manager and worker import one broker configuration): the RabbitMQ topology
 * of remote partitioning ({@link dev.gantry.infrastructure.PartitionTopologyConfiguration}), the
 * {@code gantry.messaging} and {@code gantry.redis} settings, and the Redisson client
 * ({@link dev.gantry.infrastructure.RedissonConfiguration}). Names themselves (queues, keys) are the
 * contract and live in {@code shared-model}; nothing here depends on either app.
 */
package dev.gantry.infrastructure;
