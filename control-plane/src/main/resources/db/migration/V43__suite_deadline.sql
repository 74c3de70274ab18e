-- A suite may bound how long its runs take, counted from the trigger; a trigger may ask for its own.
alter table test_suites add column deadline_seconds integer
    check (deadline_seconds is null or deadline_seconds between 1 and 86400);
