-- Partition requests no worker could take (unreadable, of an unknown version, or failing at intake
-- again and again), as the control plane took them off the dead-letter queue: for operators to see,
-- and so that the partition they asked for is failed instead of waited for.
create table dead_letters (
    id                uuid primary key,
    received_at       timestamptz not null,
    reason            text        not null,
    attempts          int         not null,
    worker            text,
    step_execution_id bigint,
    run_id            uuid,
    partition_index   int,
    body              text        not null
);
create index dead_letters_received on dead_letters (received_at desc, id);
create index dead_letters_run on dead_letters (run_id) where run_id is not null;
