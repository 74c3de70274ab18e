-- Suite-level variables: above the environment's, below a data row's.
alter table test_suites add column variables jsonb not null default '{}';
