-- How much of each step a suite's runs keep in Redis (StepDetailLevel). Suites that existed before
-- keep every detail whole, as they did; new suites take the API's default.
alter table test_suites add column step_details varchar(32) not null default 'ALL';
alter table test_suites add constraint test_suites_step_details_known
    check (step_details in ('ALL', 'FAILURES_AND_SAMPLE'));
