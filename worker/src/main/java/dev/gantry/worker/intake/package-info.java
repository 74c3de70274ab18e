/**
 * Partition requests off RabbitMQ (prefetch 1; poison ones to the dead-letter queue), the gate
 * that executes a request only while its partition is awaited, and the chunk-oriented worker step
 * with its reader, which resumes from the partition's committed position. Writes Spring Batch's
 * step executions.
 */
package dev.gantry.worker.intake;
