-- Releases (seed 001: releases, release_test_cases, release_approvals, release_history): the cases a
-- release holds with their execution status, fed by runs in its environment and set by hand;
-- approvals by role; the gate that decides whether it may be marked ready to ship; its history.
-- One writer: releases.ReleaseStore.

create table releases (
    id             uuid primary key,
    tenant_id      uuid         not null references tenants (id) on delete cascade,
    project_id     uuid         not null references projects (id) on delete cascade,
    version        varchar(50)  not null,
    name           varchar(200),
    environment_id uuid         not null references environments (id) on delete cascade,
    release_date   date,
    qa_lead_id     uuid,
    -- who created it: with the QA lead (and the tenant's admins) the only ones who configure its gate
    owner_id       uuid         not null,
    status         varchar(20)  not null check (status in ('PLANNED', 'IN_PROGRESS', 'READY_TO_SHIP', 'SHIPPED', 'CANCELLED')),
    gate           jsonb        not null,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    unique (project_id, version)
);
create index releases_environment on releases (environment_id) where status not in ('SHIPPED', 'CANCELLED');

-- status_at is when the status was decided: a run's end time when a run set it, the time of the
-- change when set by hand. A run's results apply only if it ended after that, so the latest run
-- wins whatever order the events come in. run_id links the run that set it (no foreign key: runs
-- are purged after their retention, the link then answers 404).
create table release_cases (
    release_id  uuid          not null references releases (id) on delete cascade,
    case_id     uuid          not null references test_cases (id) on delete cascade,
    status      varchar(12)   not null default 'NOT_STARTED'
        check (status in ('NOT_STARTED', 'IN_PROGRESS', 'PASSED', 'FAILED', 'BLOCKED', 'SKIPPED')),
    comment     varchar(2000),
    defects     jsonb         not null default '[]',
    duration_ms bigint        check (duration_ms is null or duration_ms >= 0),
    run_id      uuid,
    set_by      uuid,
    status_at   timestamptz,
    added_at    timestamptz   not null,
    primary key (release_id, case_id)
);
create index release_cases_case on release_cases (case_id);

-- One approval per role and release; a role with no row is PENDING.
create table release_approvals (
    release_id  uuid          not null references releases (id) on delete cascade,
    role        varchar(20)   not null check (role in ('QA_LEAD', 'DEV_LEAD', 'PRODUCT_MANAGER', 'RELEASE_MANAGER')),
    status      varchar(20)   not null check (status in ('PENDING', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED')),
    approver_id uuid          not null,
    comment     varchar(2000),
    decided_at  timestamptz   not null,
    primary key (release_id, role)
);

-- Every change: who (a user, or the run that made it), what, when, before and after.
create table release_history (
    id         bigint generated always as identity primary key,
    release_id uuid         not null references releases (id) on delete cascade,
    actor_id   uuid,
    run_id     uuid,
    action     varchar(40)  not null,
    subject    varchar(200),
    before     jsonb,
    after      jsonb,
    at         timestamptz  not null
);
create index release_history_release on release_history (release_id, id);

-- How far the catch-up has read the runs that ended (one row): an event lost while a control plane
-- stopped is made up for from here.
create table release_run_feed (
    id            smallint    primary key check (id = 1),
    last_ended_at timestamptz not null
);

-- The catch-up asks for the runs ended since a time in the releases' environments.
create index runs_environment_finished on runs (environment_id, finished_at) where finished_at is not null;
