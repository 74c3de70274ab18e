-- Per-case retry policies, and steps that passed only on a retry (FLAKY) counted apart.
alter table test_cases add column retry jsonb;
alter table runs add column flaky bigint not null default 0;
alter table run_partitions add column flaky bigint not null default 0;
alter table run_case_results add column flaky bigint not null default 0;
