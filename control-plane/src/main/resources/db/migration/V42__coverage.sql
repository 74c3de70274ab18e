-- Coverage of a run against its project's active specification, computed by a partitioned batch job:
-- each partition writes the rows of its endpoint slice, the aggregation writes the summary.
create table coverage_reports (
    id           uuid primary key,
    tenant_id    uuid        not null references tenants (id) on delete cascade,
    run_id       uuid        not null references runs (id) on delete cascade,
    project_id   uuid        not null references projects (id) on delete cascade,
    spec_id      uuid        not null references api_specs (id) on delete cascade,
    status       varchar(12) not null check (status in ('RUNNING', 'COMPLETED', 'FAILED')),
    partitions   integer     not null,
    summary      jsonb,
    error        text,
    created_at   timestamptz not null,
    completed_at timestamptz
);
create index coverage_reports_run on coverage_reports (run_id, created_at desc);
create index coverage_reports_project on coverage_reports (project_id, created_at desc);

create table coverage_endpoints (
    coverage_id         uuid          not null references coverage_reports (id) on delete cascade,
    endpoint_id         uuid          not null,
    position            integer       not null,
    method              varchar(10)   not null,
    path                varchar(2000) not null,
    tags                jsonb         not null,
    steps               integer       not null,  -- answers received for this endpoint
    documented          jsonb         not null,  -- documented status keys
    observed            jsonb         not null,  -- documented status keys that some answer matched
    undocumented        jsonb         not null,  -- statuses answered that only "default" (or nothing) covers
    parameters          jsonb         not null,  -- "query:limit", "path:petId", "body:body"
    unexercised         jsonb         not null,
    conformance_checked integer       not null,
    conformance_failed  integer       not null,
    violations          jsonb         not null,  -- a few distinct messages
    kinds               jsonb         not null,  -- kinds of generated cases that reached it
    primary key (coverage_id, endpoint_id)
);
