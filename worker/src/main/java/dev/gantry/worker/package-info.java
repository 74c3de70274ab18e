/**
 * A stateless worker: takes partition requests off RabbitMQ, executes the Spring Batch worker step
 * of runs and coverage, writes step details to Redis and its partitions' progress to PostgreSQL.
 * Never migrates the schema and never imports the control plane.
 */
package dev.gantry.worker;
