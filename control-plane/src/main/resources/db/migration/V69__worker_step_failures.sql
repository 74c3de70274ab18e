-- Why a worker step other than a run's partition (a coverage slice) failed for good, written by the
-- worker as the step ends. The manager reads it to tell such a failure, which ends the job at once,
-- from a worker that lost PostgreSQL, whose step turns back to running. A run partition's reason is
-- kept beside its counters instead (run_partitions.error).
create table worker_step_failures (
    step_execution_id bigint primary key references batch_step_execution (step_execution_id) on delete cascade,
    reason text not null,
    recorded_at timestamptz not null default now()
);
