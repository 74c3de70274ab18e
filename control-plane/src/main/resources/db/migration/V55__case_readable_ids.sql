-- Readable case ids (TC_API_001) per project. A counter row per project and kind is taken with
-- an upsert, which locks the row until the transaction ends: concurrent creations wait on it
-- rather than reading the same max(), and an id once handed out is never handed out again, even
-- after its case is deleted.
create table case_id_counters (
    project_id uuid        not null references projects (id) on delete cascade,
    kind       varchar(10) not null check (kind in ('API', 'UI', 'HYBRID')),
    last_value bigint      not null check (last_value > 0),
    primary key (project_id, kind)
);

-- A case's project is its suite's (a suite never changes project); kept on the case so that the
-- readable id can be unique per project.
alter table test_cases add column project_id uuid references projects (id) on delete cascade;
alter table test_cases add column readable_id varchar(40);

update test_cases c set project_id = s.project_id from test_suites s where s.id = c.suite_id;

-- Existing cases are all HTTP cases (API), numbered per project in the order they were created.
update test_cases c
set readable_id = 'TC_API_' || lpad(n.seq::text, 3, '0')
from (select id, row_number() over (partition by project_id order by created_at, id) as seq
      from test_cases) n
where n.id = c.id;

insert into case_id_counters (project_id, kind, last_value)
select project_id, 'API', count(*) from test_cases group by project_id;

alter table test_cases alter column project_id set not null;
alter table test_cases alter column readable_id set not null;
alter table test_cases add constraint test_cases_readable_id unique (project_id, readable_id);
