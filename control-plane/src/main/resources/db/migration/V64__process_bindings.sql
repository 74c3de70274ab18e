-- A task of a BPMN diagram bound to an endpoint of the project's API specification (seed 000's
-- process_endpoint_mapping / STEP_API_BINDING). A binding belongs to the diagram and the element's
-- id, not to a version: it holds for every version in which the element id exists, so a new upload
-- of the diagram keeps the bindings of the tasks it still has. The endpoint is named by id and by
-- method and path: when another version of the specification becomes active, the binding follows
-- the endpoint of the same method and path (no foreign key, so deleting an old specification does
-- not take bindings with it).
create table process_bindings (
    diagram_id  uuid          not null references process_diagrams (id) on delete cascade,
    element_id  text          not null,
    tenant_id   uuid          not null references tenants (id) on delete cascade,
    endpoint_id uuid          not null,
    method      varchar(10)   not null,
    path        varchar(2000) not null,
    how         varchar(10)   not null check (how in ('SUGGESTED', 'CONFIRMED', 'MANUAL')),
    -- the suggestion's score when it was made or confirmed; none for a manual binding
    confidence  numeric(4, 3) check (confidence is null or (confidence >= 0 and confidence <= 1)),
    bound_by    uuid,
    bound_at    timestamptz   not null,
    primary key (diagram_id, element_id)
);
