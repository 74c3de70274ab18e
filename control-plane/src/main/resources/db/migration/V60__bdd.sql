-- BDD: a project's step catalog (Gherkin step patterns bound to the test language) and its feature
-- files, which publish into ordinary cases and data sets of a suite (written by the suites package).

create table step_catalog (
    id          uuid primary key,
    tenant_id   uuid          not null references tenants (id) on delete cascade,
    project_id  uuid          not null references projects (id) on delete cascade,
    keyword     varchar(10)   not null check (keyword in ('GIVEN', 'WHEN', 'THEN')),
    pattern     varchar(500)  not null,
    description varchar(2000),
    -- the test language it stands for: {"request": …, "expectations": …, "extractions": […]}
    binding     jsonb         not null,
    created_by  uuid,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null,
    unique (project_id, pattern)
);

create index step_catalog_project on step_catalog (project_id);

create table feature_files (
    id                uuid primary key,
    tenant_id         uuid          not null references tenants (id) on delete cascade,
    project_id        uuid          not null references projects (id) on delete cascade,
    name              varchar(200)  not null,
    description       varchar(2000),
    content           text          not null,
    status            varchar(20)   not null check (status in ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
    -- the suite its cases live in, from its first publication on
    suite_id          uuid references test_suites (id) on delete set null,
    published_version integer,
    created_by        uuid,
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null,
    unique (project_id, name)
);

-- every published content of a file, so that an earlier one can be restored
create table feature_file_versions (
    feature_id   uuid        not null references feature_files (id) on delete cascade,
    version      integer     not null check (version > 0),
    content      text        not null,
    suite_id     uuid,
    published_by uuid,
    published_at timestamptz not null,
    primary key (feature_id, version)
);

-- what a publication made, by a key stable across publications (rule, scenario, examples, step),
-- so that publishing again updates the same cases and data sets; a case or data set deleted by
-- hand takes its link with it
create table feature_file_cases (
    feature_id uuid         not null references feature_files (id) on delete cascade,
    case_key   varchar(600) not null,
    case_id    uuid         not null references test_cases (id) on delete cascade,
    primary key (feature_id, case_key)
);

create table feature_file_data_sets (
    feature_id  uuid         not null references feature_files (id) on delete cascade,
    set_key     varchar(600) not null,
    data_set_id uuid         not null references data_sets (id) on delete cascade,
    primary key (feature_id, set_key)
);

-- how many steps of a file's published version each catalog entry matched
create table feature_step_uses (
    feature_id uuid    not null references feature_files (id) on delete cascade,
    step_id    uuid    not null references step_catalog (id) on delete cascade,
    uses       integer not null check (uses > 0),
    primary key (feature_id, step_id)
);

create index feature_step_uses_step on feature_step_uses (step_id);
