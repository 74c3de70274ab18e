-- Business processes drawn in BPMN 2.0. A diagram keeps every version uploaded (the document as
-- sent, and what was read of it); elements and flows belong to a version, so a scenario generated
-- from version 2 still names the elements it exercised when version 3 moves them.
create table process_diagrams (
    id             uuid primary key,
    tenant_id      uuid         not null references tenants (id) on delete cascade,
    project_id     uuid         not null references projects (id) on delete cascade,
    name           varchar(200) not null,
    latest_version int          not null check (latest_version > 0),
    created_at     timestamptz  not null,
    created_by     uuid,
    updated_at     timestamptz  not null,
    unique (project_id, name)
);

create table process_versions (
    diagram_id   uuid         not null references process_diagrams (id) on delete cascade,
    version      int          not null check (version > 0),
    file_name    varchar(255),
    process_name varchar(200),
    bpmn         text         not null,
    sha256       char(64)     not null,
    elements     int          not null,
    flows        int          not null,
    uploaded_at  timestamptz  not null,
    uploaded_by  uuid,
    primary key (diagram_id, version)
);

create table process_elements (
    diagram_id        uuid        not null,
    version           int         not null,
    element_id        text        not null,
    type              varchar(50) not null,
    category          varchar(12) not null check (category in ('EVENT', 'TASK', 'SUB_PROCESS', 'GATEWAY', 'POOL', 'LANE')),
    name              varchar(500),
    documentation     text,
    process_id        text,
    pool              varchar(500),
    lane              varchar(500),
    parent_id         text,
    attached_to       text,
    event_definitions jsonb       not null default '[]',
    properties        jsonb       not null default '{}',
    bounds            jsonb,
    position          int         not null,
    primary key (diagram_id, version, element_id),
    foreign key (diagram_id, version) references process_versions (diagram_id, version) on delete cascade
);

create table process_flows (
    diagram_id uuid        not null,
    version    int         not null,
    flow_id    text        not null,
    kind       varchar(10) not null check (kind in ('SEQUENCE', 'MESSAGE')),
    source_id  text,
    target_id  text,
    name       varchar(500),
    condition  text,
    is_default boolean     not null,
    waypoints  jsonb       not null default '[]',
    position   int         not null,
    primary key (diagram_id, version, flow_id),
    foreign key (diagram_id, version) references process_versions (diagram_id, version) on delete cascade
);
