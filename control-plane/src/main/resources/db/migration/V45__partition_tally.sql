-- A partition's progress and per-case tally (counts and duration histograms, PartitionTally as JSON) lives
-- beside its counters and is updated by the same chunk transaction; Spring Batch's execution
-- context, which the step also saves outside chunk transactions when it fails, no longer holds it.
alter table run_partitions add column tally text;
-- The last work item of the last committed chunk: where a resumed partition goes on from.
alter table run_partitions add column last_seq_done bigint;
-- Which execution of the partition may commit chunks: the latest to start. A partition request
-- redelivered while its first worker still runs (that worker lost RabbitMQ) fences the first one off.
alter table run_partitions add column owner uuid;
