-- CI webhooks: a hook belongs to a project; its secret signs deliveries (HMAC-SHA256), sealed at rest.
create table ci_hooks (
    id            uuid primary key,
    tenant_id     uuid         not null references tenants (id) on delete cascade,
    project_id    uuid         not null references projects (id) on delete cascade,
    name          varchar(200) not null,
    secret_sealed text         not null,
    created_by    uuid         not null,
    created_at    timestamptz  not null,
    unique (project_id, name)
);

-- One row per delivery id: a retried delivery finds its run here instead of starting another.
create table ci_deliveries (
    hook_id           uuid         not null references ci_hooks (id) on delete cascade,
    delivery_id       varchar(200) not null,
    run_id            uuid references runs (id) on delete cascade,
    received_at       timestamptz  not null,
    callback_url      text,
    callback_state    varchar(20),
    callback_attempts integer      not null default 0,
    callback_next_at  timestamptz,
    callback_error    text,
    primary key (hook_id, delivery_id)
);
create index ci_deliveries_callbacks on ci_deliveries (callback_next_at) where callback_state = 'PENDING';

-- A run past its deadline is cancelled like one cancelled by request.
alter table runs add column deadline_at timestamptz;
create index runs_deadline on runs (deadline_at) where deadline_at is not null;
