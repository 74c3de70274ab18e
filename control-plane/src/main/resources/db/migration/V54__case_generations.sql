-- Case generation is a job: a row per request, read by GET /api/v1/generations/{id} while the job
-- runs (progress) and after it (the report, or the problem that failed it).
create table case_generations (
    id           uuid primary key,
    tenant_id    uuid        not null references tenants (id) on delete cascade,
    suite_id     uuid        not null references test_suites (id) on delete cascade,
    spec_id      uuid        references api_specs (id) on delete set null,
    kinds        jsonb       not null,
    state        varchar(10) not null check (state in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    done         integer     not null default 0,   -- drafts written or compared so far
    total        integer,                          -- drafts the specification gave; known once generated
    report       jsonb,                            -- when COMPLETED: created, updated, unchanged, ...
    problem      jsonb,                            -- when FAILED: the RFC 9457 problem detail
    created_at   timestamptz not null,
    heartbeat_at timestamptz not null,             -- a QUEUED or RUNNING row not heard from is stale
    finished_at  timestamptz
);
create index case_generations_suite on case_generations (suite_id, created_at desc);
-- one generation under way per suite: a second request answers 409 naming the first
create unique index case_generations_one_active on case_generations (suite_id) where state in ('QUEUED', 'RUNNING');
