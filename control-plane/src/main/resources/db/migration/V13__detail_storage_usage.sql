-- Bytes of step details stored, per partition (added with each chunk) and per tenant and month.
alter table run_partitions add column detail_bytes bigint not null default 0;
alter table tenant_usage add column detail_bytes bigint not null default 0;
