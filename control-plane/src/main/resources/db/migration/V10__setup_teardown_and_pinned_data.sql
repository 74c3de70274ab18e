-- A case runs in one phase: once before everything (SETUP), with the data (TEST), or once after (TEARDOWN).
alter table test_cases add column phase varchar(10) not null default 'TEST'
    check (phase in ('SETUP', 'TEST', 'TEARDOWN'));
-- A case may pin one data set of its suite; deleting a pinned data set is refused.
alter table test_cases add column data_set_id uuid references data_sets (id) on delete restrict;
create index test_cases_data_set on test_cases (data_set_id) where data_set_id is not null;
