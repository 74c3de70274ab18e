-- A tenant's plan over time: the current subscription is the one without ended_at.
create table subscriptions (
    id         uuid primary key,
    tenant_id  uuid        not null references tenants (id) on delete cascade,
    plan_id    uuid        not null references plans (id),
    status     varchar(20) not null check (status in ('TRIAL', 'ACTIVE', 'PAST_DUE', 'CANCELLED', 'EXPIRED')),
    started_at timestamptz not null,
    ended_at   timestamptz
);
create unique index subscriptions_current on subscriptions (tenant_id) where ended_at is null;
insert into subscriptions (id, tenant_id, plan_id, status, started_at)
select gen_random_uuid(), id, plan_id, 'ACTIVE', created_at from tenants;

-- Usage per tenant and calendar month (UTC). Runs are counted when triggered, in the trigger's
-- transaction, by a conditional upsert: two triggers cannot both take the last run of a quota.
create table tenant_usage (
    tenant_id    uuid   not null references tenants (id) on delete cascade,
    period_start date   not null,
    runs         bigint not null default 0,
    steps        bigint not null default 0,
    primary key (tenant_id, period_start)
);

-- Admission: a QUEUED run is admitted when it gets one of its tenant's run permits (Redis,
-- lease-based); the admitting control plane renews the lease while the run is its own.
alter table runs add column admitted_at timestamptz;
alter table runs add column permit_id varchar(64);
alter table runs add column lease_until timestamptz;
create index runs_waiting on runs (tenant_id, created_at) where status = 'QUEUED' and admitted_at is null;
create index runs_leased on runs (lease_until) where status in ('QUEUED', 'RUNNING') and admitted_at is not null;
