-- Cron schedules per suite and environment. next_fire_at is also the claim: the control plane
-- that moves it forward (compare-and-set on its old value) is the one that fires.
create table schedules (
    id             uuid primary key,
    tenant_id      uuid         not null references tenants (id) on delete cascade,
    suite_id       uuid         not null references test_suites (id) on delete cascade,
    environment_id uuid         not null references environments (id) on delete cascade,
    name           varchar(200),
    cron           varchar(200) not null,
    time_zone      varchar(64)  not null,
    enabled        boolean      not null,
    next_fire_at   timestamptz,
    last_fired_at  timestamptz,
    last_error     text,
    created_by     uuid         not null,
    created_at     timestamptz  not null
);
create index schedules_due on schedules (next_fire_at) where enabled;
create index schedules_suite on schedules (suite_id);

alter table runs add column schedule_id uuid references schedules (id) on delete set null;
alter table runs add column scheduled_for timestamptz;
create index runs_schedule on runs (schedule_id, created_at desc) where schedule_id is not null;
