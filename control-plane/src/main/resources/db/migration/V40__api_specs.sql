-- Imported API specifications (OpenAPI 3.0/3.1, Swagger 2.0 converted to 3.x): several versions per
-- project, at most one active. Everything below the spec row is written in the import's one transaction.
create table api_specs (
    id               uuid primary key,
    tenant_id        uuid         not null references tenants (id) on delete cascade,
    project_id       uuid         not null references projects (id) on delete cascade,
    label            varchar(200) not null,
    title            varchar(500),
    api_version      varchar(200),
    source_version   varchar(20)  not null,   -- "2.0", "3.0.3", "3.1.0", as the document declares
    source_format    varchar(10)  not null check (source_format in ('JSON', 'YAML')),
    document_sha256  varchar(64)  not null,
    document_bytes   integer      not null,
    active           boolean      not null default false,
    parse_status     varchar(20)  not null check (parse_status in ('PARSED', 'PARSED_WITH_ERRORS')),
    parse_errors     jsonb        not null default '[]',   -- [{location, message}]
    components       jsonb        not null default '{}',   -- {"schemas": {...}}: targets of the local $refs
    created_at       timestamptz  not null,
    unique (project_id, label)
);
create unique index api_specs_one_active on api_specs (project_id) where active;
create index api_specs_tenant on api_specs (tenant_id, project_id);

create table spec_endpoints (
    id            uuid primary key,
    spec_id       uuid          not null references api_specs (id) on delete cascade,
    position      integer       not null,
    method        varchar(10)   not null,
    path          varchar(2000) not null,
    operation_id  varchar(500),
    summary       text,
    tags          jsonb         not null default '[]',
    deprecated    boolean       not null default false,
    unique (spec_id, method, path)
);
create index spec_endpoints_spec on spec_endpoints (spec_id, position);

-- path, query, header and cookie parameters, and the request body as location 'body'
create table spec_parameters (
    id           uuid primary key,
    endpoint_id  uuid         not null references spec_endpoints (id) on delete cascade,
    position     integer      not null,
    name         varchar(500) not null,
    location     varchar(10)  not null check (location in ('path', 'query', 'header', 'cookie', 'body')),
    required     boolean      not null,
    content_type varchar(200),
    schema_json  jsonb,
    example      jsonb
);
create index spec_parameters_endpoint on spec_parameters (endpoint_id, position);

create table spec_responses (
    id           uuid primary key,
    endpoint_id  uuid         not null references spec_endpoints (id) on delete cascade,
    status       varchar(10)  not null,      -- "200", "4XX", "default"
    description  text,
    content_type varchar(200),
    schema_json  jsonb,
    examples     jsonb        not null default '{}',
    unique (endpoint_id, status)
);

create table spec_security_schemes (
    id          uuid primary key,
    spec_id     uuid         not null references api_specs (id) on delete cascade,
    name        varchar(500) not null,
    type        varchar(30)  not null,
    scheme      varchar(100),
    location    varchar(10),
    param_name  varchar(500),
    definition  jsonb        not null,
    unique (spec_id, name)
);

-- One row per scheme of each alternative requirement ({"a": [], "b": []} or {"c": []}): alternative
-- numbers the OR, rows of one alternative are ANDed. An alternative with no scheme ({}) means anonymous.
create table spec_endpoint_security (
    endpoint_id  uuid         not null references spec_endpoints (id) on delete cascade,
    alternative  integer      not null,
    scheme_name  varchar(500) not null,
    scopes       jsonb        not null default '[]',
    primary key (endpoint_id, alternative, scheme_name)
);
