-- Timings a run reports: when its first step started (trigger-to-first-request latency) and its
-- step-latency percentiles over all cases.
alter table runs add column first_step_at timestamptz;
alter table runs add column p50_ms double precision;
alter table runs add column p95_ms double precision;
alter table runs add column p99_ms double precision;
alter table runs add column max_ms double precision;
alter table run_partitions add column first_step_at timestamptz;
alter table run_case_results add column p99_ms double precision;

-- The snapshot (all data rows included, megabytes for a big run) moves to its own table, so that
-- reading a run's status, which clients poll, never loads it.
create table run_snapshots (
    run_id   uuid primary key references runs (id) on delete cascade,
    snapshot jsonb not null
);
insert into run_snapshots (run_id, snapshot) select id, snapshot from runs;
alter table runs add column suite_name varchar(200);
update runs set suite_name = snapshot ->> 'suiteName';
alter table runs alter column suite_name set not null;
alter table runs drop column snapshot;
