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

-- How a QA team files a case (CaseClassification): nothing here changes how a case runs.
alter table test_cases add column tags jsonb not null default '[]';
alter table test_cases add column priority varchar(10) check (priority in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW'));
alter table test_cases add column case_type varchar(12)
    check (case_type in ('HAPPY_PATH', 'BOUNDARY', 'NEGATIVE', 'PERFORMANCE', 'SECURITY'));
alter table test_cases add column mode varchar(10) not null default 'AUTOMATED' check (mode in ('MANUAL', 'AUTOMATED'));
alter table test_cases add column automation_status varchar(10);
-- only an automated case has an automation status
alter table test_cases add constraint test_cases_automation_status
    check (automation_status is null or (automation_status in ('WORKING', 'BROKEN') and mode = 'AUTOMATED'));

-- generated cases already know their type
update test_cases set case_type = case origin_kind
    when 'happy' then 'HAPPY_PATH' when 'boundary' then 'BOUNDARY'
    when 'negative' then 'NEGATIVE' when 'security' then 'SECURITY' end
where origin_kind is not null;

-- Per project, modules → sub-modules → features; a case is filed in one node of any level.
-- The foreign keys are NO ACTION (checked at the end of the statement), so deleting a project
-- cascades through both; the API refuses to delete a node that still has children or cases.
create table case_modules (
    id         uuid primary key,
    tenant_id  uuid         not null references tenants (id) on delete cascade,
    project_id uuid         not null references projects (id) on delete cascade,
    parent_id  uuid         references case_modules (id),
    level      varchar(12)  not null check (level in ('MODULE', 'SUB_MODULE', 'FEATURE')),
    name       varchar(200) not null,
    created_at timestamptz  not null,
    check ((level = 'MODULE') = (parent_id is null))
);
-- a name once among its siblings (a top-level module's siblings are the project's modules)
create unique index case_modules_name on case_modules (project_id, coalesce(parent_id, project_id), name);
create index case_modules_parent on case_modules (parent_id);

alter table test_cases add column module_id uuid references case_modules (id);
create index test_cases_module on test_cases (module_id) where module_id is not null;
