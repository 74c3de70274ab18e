-- Manual cases: what a tester reads before, while and after doing the case by hand. A manual case
-- may have no HTTP request (runs leave manual cases out); an automated one still must have one.
alter table test_cases alter column request drop not null;
alter table test_cases add constraint test_cases_request check (request is not null or mode = 'MANUAL');
alter table test_cases add column preconditions   text check (length(preconditions) <= 10000);
alter table test_cases add column steps           text check (length(steps) <= 10000);
alter table test_cases add column expected_result text check (length(expected_result) <= 10000);

-- Links from a case to keys of an external tracker (JIRA's CTP-1234): the stories it tests and
-- the defects found with it. Another feature (stories, releases) finds a key's cases through the
-- (project_id, key) index.
create table case_links (
    tenant_id  uuid        not null references tenants (id) on delete cascade,
    project_id uuid        not null references projects (id) on delete cascade,
    case_id    uuid        not null references test_cases (id) on delete cascade,
    kind       varchar(10) not null check (kind in ('STORY', 'DEFECT')),
    key        varchar(60) not null,
    primary key (case_id, kind, key)
);
create index case_links_key on case_links (project_id, key);
