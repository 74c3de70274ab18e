-- Scenarios generated from a BPMN diagram are ordinary suites and cases; these rows say which
-- diagram version a process suite came from and which element each of its cases exercises (and the
-- sequence flows taken to reach it), so a run's results can be read per element and per flow.
create table process_scenarios (
    suite_id     uuid primary key references test_suites (id) on delete cascade,
    tenant_id    uuid        not null references tenants (id) on delete cascade,
    diagram_id   uuid        not null references process_diagrams (id) on delete cascade,
    version      int         not null,
    generated_at timestamptz not null,
    generated_by uuid,
    options      jsonb       not null default '{}'
);

create table process_case_elements (
    case_id    uuid primary key references test_cases (id) on delete cascade,
    suite_id   uuid         not null references process_scenarios (suite_id) on delete cascade,
    element_id text         not null,
    scenario   varchar(200) not null,
    kind       varchar(10)  not null check (kind in ('HAPPY', 'NEGATIVE')),
    flow_ids   jsonb        not null default '[]'
);
create index process_case_elements_suite on process_case_elements (suite_id);
