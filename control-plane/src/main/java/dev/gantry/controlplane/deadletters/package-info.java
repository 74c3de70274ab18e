/**
 * Partition requests no worker could take: taken off the dead-letter queue, recorded with their
 * reason, and the partition they asked for failed so that its run ends in ERROR naming it. Writes
 * {@code dead_letters}.
 */
package dev.gantry.controlplane.deadletters;
