-- Gantry's own schema. UUID keys, timestamptz, tenant_id on every tenant-owned row so that every
-- query can be tenant-scoped without joins.

create table plans (
    id          uuid primary key,
    name        varchar(50)  not null unique,
    description text,
    created_at  timestamptz  not null default now()
);

-- Limits are rows, not columns: adding a limit is data, not a migration. A null value means unlimited.
create table plan_limits (
    plan_id     uuid        not null references plans (id) on delete cascade,
    limit_name  varchar(60) not null,
    limit_value bigint,
    primary key (plan_id, limit_name)
);

-- The operator tenant runs the farm: only its admins may use /api/v1/admin (all tenants, plans).
create table tenants (
    id         uuid primary key,
    name       varchar(100) not null unique,
    plan_id    uuid         not null references plans (id),
    operator   boolean      not null default false,
    created_at timestamptz  not null default now()
);

create table users (
    id           uuid primary key,
    tenant_id    uuid         not null references tenants (id) on delete cascade,
    email        varchar(255) not null unique,
    display_name varchar(100),
    role         varchar(20)  not null check (role in ('ADMIN', 'TESTER', 'VIEWER')),
    active       boolean      not null default true,
    created_at   timestamptz  not null default now()
);

-- Only a SHA-256 of each key is stored; the prefix lets people recognise a key without revealing it.
create table api_keys (
    id           uuid primary key,
    user_id      uuid         not null references users (id) on delete cascade,
    name         varchar(100) not null,
    key_prefix   varchar(12)  not null,
    key_hash     char(64)     not null unique,
    created_at   timestamptz  not null default now(),
    revoked_at   timestamptz
);

create table projects (
    id          uuid primary key,
    tenant_id   uuid         not null references tenants (id) on delete cascade,
    name        varchar(200) not null,
    description text,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    unique (tenant_id, name)
);

create table environments (
    id         uuid primary key,
    tenant_id  uuid          not null references tenants (id) on delete cascade,
    project_id uuid          not null references projects (id) on delete cascade,
    name       varchar(200)  not null,
    base_url   varchar(2000) not null,
    variables  jsonb         not null default '{}',
    headers    jsonb         not null default '{}',
    created_at timestamptz   not null,
    updated_at timestamptz   not null,
    unique (project_id, name)
);

create table test_suites (
    id          uuid primary key,
    tenant_id   uuid         not null references tenants (id) on delete cascade,
    project_id  uuid         not null references projects (id) on delete cascade,
    name        varchar(200) not null,
    description text,
    version     integer      not null default 1,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    unique (project_id, name)
);

create table test_cases (
    id            uuid primary key,
    tenant_id     uuid         not null references tenants (id) on delete cascade,
    suite_id      uuid         not null references test_suites (id) on delete cascade,
    name          varchar(200) not null,
    position      integer      not null,
    depends_on_id uuid         references test_cases (id) on delete restrict,
    enabled       boolean      not null default true,
    request       jsonb        not null,
    expectations  jsonb        not null,
    extractions   jsonb        not null default '[]',
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    unique (suite_id, name)
);
create index test_cases_suite on test_cases (suite_id, position);

create table data_sets (
    id         uuid primary key,
    tenant_id  uuid         not null references tenants (id) on delete cascade,
    suite_id   uuid         not null references test_suites (id) on delete cascade,
    name       varchar(200) not null,
    enabled    boolean      not null default true,
    rows       jsonb        not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    unique (suite_id, name)
);

create table runs (
    id                uuid primary key,
    tenant_id         uuid        not null references tenants (id) on delete cascade,
    suite_id          uuid        not null references test_suites (id) on delete cascade,
    environment_id    uuid        not null references environments (id) on delete cascade,
    status            varchar(20) not null check (status in ('QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'CANCELLED', 'ERROR')),
    trigger_kind      varchar(20) not null,
    snapshot          jsonb       not null,
    job_execution_id  bigint,
    total_work_items  bigint      not null,
    total_steps       bigint      not null,
    passed            bigint      not null default 0,
    failed            bigint      not null default 0,
    skipped           bigint      not null default 0,
    errored           bigint      not null default 0,
    error_message     text,
    redis_key         varchar(200) not null,
    results_expire_at timestamptz not null,
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz
);
create index runs_tenant_created on runs (tenant_id, created_at desc);
create index runs_suite_created on runs (suite_id, created_at desc);

-- One row per chain x data row; written in batches by the expansion step, read by partitions.
create table work_items (
    run_id      uuid    not null references runs (id) on delete cascade,
    seq         bigint  not null,
    chain_index integer not null,
    row_index   integer not null,
    primary key (run_id, seq)
);

-- Counters are added by the worker inside its chunk transaction, so a replayed chunk counts once.
create table run_partitions (
    run_id            uuid        not null references runs (id) on delete cascade,
    partition_index   integer     not null,
    first_seq         bigint      not null,
    last_seq          bigint      not null,
    work_items        bigint      not null,
    steps_done        bigint      not null default 0,
    passed            bigint      not null default 0,
    failed            bigint      not null default 0,
    skipped           bigint      not null default 0,
    errored           bigint      not null default 0,
    step_execution_id bigint,
    status            varchar(20),
    primary key (run_id, partition_index)
);

create table run_case_results (
    run_id    uuid         not null references runs (id) on delete cascade,
    case_id   uuid         not null,
    case_name varchar(200) not null,
    position  integer      not null,
    passed    bigint       not null,
    failed    bigint       not null,
    skipped   bigint       not null,
    errored   bigint       not null,
    p50_ms    double precision,
    p95_ms    double precision,
    max_ms    double precision,
    primary key (run_id, case_id)
);
