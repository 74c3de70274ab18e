-- Stories and epics of the issue tracker, kept per project so that cases can be linked to them and
-- releases can pick cases by story; filled from a JIRA search answer or by a project's JIRA
-- connection. Keys are JIRA's (CTP-1234); the same key again updates the story.
create table stories (
    id           uuid primary key,
    tenant_id    uuid         not null references tenants (id) on delete cascade,
    project_id   uuid         not null references projects (id) on delete cascade,
    key          varchar(50)  not null,
    issue_type   varchar(50)  not null,
    epic         boolean      not null,
    title        varchar(500) not null,
    status       varchar(100),
    priority     varchar(100),
    sprint       varchar(200),
    fix_versions jsonb        not null default '[]',
    epic_key     varchar(50),
    description  text         check (char_length(description) <= 20000),
    source       varchar(10)  not null check (source in ('IMPORT', 'JIRA')),
    updated_in_tracker timestamptz,
    imported_at  timestamptz  not null,
    unique (project_id, key)
);
create index stories_epic on stories (project_id, epic_key);

-- A project's JIRA instance: its address, how to sign in (the token sealed, never answered) and the
-- search that selects the project's stories.
create table jira_connections (
    project_id     uuid primary key references projects (id) on delete cascade,
    tenant_id      uuid          not null references tenants (id) on delete cascade,
    base_url       varchar(2000) not null,
    api_version    smallint      not null check (api_version in (2, 3)),
    username       varchar(255),
    token_sealed   text          not null,
    jql            varchar(2000) not null,
    sprint_field   varchar(100),
    epic_field     varchar(100),
    last_synced_at timestamptz,
    last_sync      jsonb,
    updated_at     timestamptz   not null
);
