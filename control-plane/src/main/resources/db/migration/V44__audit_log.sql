-- Who changed what through the API: every successful POST, PUT, PATCH or DELETE of a caller with
-- a key, by endpoint and path variables, never with request bodies (they may carry secrets).
create table audit_log (
    id         bigserial primary key,
    at         timestamptz not null,
    tenant_id  uuid        not null,
    user_id    uuid        not null,
    role       text        not null,
    method     text        not null,
    action     text        not null,
    target     jsonb       not null,
    status     integer     not null,
    location   text
);
create index audit_log_tenant_id on audit_log (tenant_id, id desc);
create index audit_log_at on audit_log (at);
