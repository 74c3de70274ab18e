-- A case may run even when an earlier step of its chain failed or errored, as Newman runs every
-- request of an iteration; a Postman import links requests that share variables that way.
alter table test_cases add column run_after_failure boolean not null default false;
