package dev.gantry.worker.summary;

import java.util.UUID;

/**
 * Another execution of the same partition started after this one (its request was delivered again
 * while this one still ran): this one may commit nothing more, and ends without a retry.
 */
public class PartitionTakenOverException extends RuntimeException {
    PartitionTakenOverException(int partitionIndex, UUID runId) {
        super("partition " + partitionIndex + " of run " + runId + " was taken over by a later execution");
    }
}
