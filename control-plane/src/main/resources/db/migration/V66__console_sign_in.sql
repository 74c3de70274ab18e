-- People sign in to the web console with a password set through an invitation; API keys stay for machines.
-- Only a strong hash of each password is stored ({bcrypt}… as Spring Security's DelegatingPasswordEncoder writes it).
create table user_credentials (
    user_id       uuid primary key references users (id) on delete cascade,
    password_hash varchar(200) not null,
    updated_at    timestamptz  not null
);

-- An invitation is a one-time link: only the SHA-256 of its token is stored, it expires, and it is used once.
create table invitations (
    id         uuid primary key,
    tenant_id  uuid        not null references tenants (id) on delete cascade,
    user_id    uuid        not null references users (id) on delete cascade,
    token_hash varchar(64) not null unique,
    created_by uuid        not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index invitations_user on invitations (user_id);
