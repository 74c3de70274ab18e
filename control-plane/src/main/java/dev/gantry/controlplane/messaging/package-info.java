/**
 * The RabbitMQ side of remote partitioning: the partition exchange, the priority queue, the dead-
 * letter exchange and queue, and the flow that sends partition requests as JSON. No replies: the
 * manager polls the JobRepository. Writes no table.
 */
package dev.gantry.controlplane.messaging;
