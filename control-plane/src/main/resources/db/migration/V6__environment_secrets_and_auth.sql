-- Secrets are sealed (AES-256-GCM) before they are stored; auth holds templates that refer to them.
alter table environments add column secrets jsonb not null default '{}';
alter table environments add column auth jsonb;
