-- Who holds each approval role of a release: only that person decides for the role. The QA lead of
-- a release holds QA_LEAD unless someone else is assigned; a role nobody holds may be decided by
-- any tester of the tenant, as before.
create table release_approvers (
    release_id  uuid        not null references releases (id) on delete cascade,
    role        varchar(20) not null check (role in ('QA_LEAD', 'DEV_LEAD', 'PRODUCT_MANAGER', 'RELEASE_MANAGER')),
    user_id     uuid        not null,
    assigned_by uuid,
    assigned_at timestamptz not null,
    primary key (release_id, role)
);
