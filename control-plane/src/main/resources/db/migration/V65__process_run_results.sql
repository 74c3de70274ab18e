-- What a run of a process suite did to each element and sequence flow of its diagram: computed once
-- when the run ends (or on the first read, if that event was lost) from the run's per-case results and
-- the suite's marks as they were then, so that regenerating the suite later does not rewrite history.
create table process_run_results (
    run_id      uuid primary key references runs (id) on delete cascade,
    tenant_id   uuid        not null references tenants (id) on delete cascade,
    suite_id    uuid        not null,
    diagram_id  uuid        not null references process_diagrams (id) on delete cascade,
    version     int         not null,
    computed_at timestamptz not null,
    result      jsonb       not null
);
create index process_run_results_diagram on process_run_results (diagram_id);
