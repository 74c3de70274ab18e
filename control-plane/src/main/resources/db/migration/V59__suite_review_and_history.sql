-- A suite is DRAFT, READY or ARCHIVED (SuiteStatus). Existing suites are READY, so schedules and
-- hooks keep running them; a DRAFT suite's review is PENDING until a person approves or rejects it.
alter table test_suites add column status varchar(10) not null default 'READY'
    check (status in ('DRAFT', 'READY', 'ARCHIVED'));
alter table test_suites add column review_status varchar(10)
    check (review_status in ('PENDING', 'APPROVED', 'REJECTED'));
alter table test_suites add column reviewed_by uuid;
alter table test_suites add column reviewed_at timestamptz;
alter table test_suites add column review_note text;
-- the suite version the decision was about: READY needs the approval of the version it is at
alter table test_suites add column reviewed_version integer;

-- Schedules and hooks run READY suites only, unless their owner says otherwise.
alter table schedules add column run_unready_suites boolean not null default false;
alter table ci_hooks add column run_unready_suites boolean not null default false;

-- Who asked for a generation: its cases' changes name that person.
alter table case_generations add column requested_by uuid;

-- One row per version of a suite: version n is test_suites.version after the write that made it.
create table suite_versions (
    suite_id      uuid        not null references test_suites (id) on delete cascade,
    version       integer     not null,
    tenant_id     uuid        not null references tenants (id) on delete cascade,
    summary       text        not null,
    changed_by    uuid,
    changed_at    timestamptz not null,
    cases_added   integer     not null default 0,
    cases_changed integer     not null default 0,
    cases_removed integer     not null default 0,
    primary key (suite_id, version)
);

-- Every change of a case, field by field; a creation or a deletion is one entry with the whole case.
-- No foreign key to test_cases: a deleted case keeps its history (until its suite is deleted).
create table case_changes (
    id          bigserial primary key,
    tenant_id   uuid         not null references tenants (id) on delete cascade,
    suite_id    uuid         not null,
    version     integer      not null,
    case_id     uuid         not null,
    readable_id varchar(40),
    case_name   varchar(200),
    change      varchar(10)  not null check (change in ('CREATED', 'CHANGED', 'DELETED')),
    field       varchar(200),
    old_value   jsonb,
    new_value   jsonb,
    truncated   boolean      not null default false,
    changed_by  uuid,
    changed_at  timestamptz  not null,
    foreign key (suite_id, version) references suite_versions (suite_id, version) on delete cascade,
    check ((change = 'CHANGED') = (field is not null))
);
create index case_changes_case on case_changes (case_id, id desc);
create index case_changes_version on case_changes (suite_id, version, id);

-- The history of an existing suite starts at the version it is at.
insert into suite_versions (suite_id, version, tenant_id, summary, changed_by, changed_at)
select id, version, tenant_id, 'history starts at this version', null, coalesce(updated_at, created_at, now())
from test_suites;
