-- Per environment: follow redirects (off by default), verify TLS (on by default).
alter table environments add column follow_redirects boolean not null default false;
alter table environments add column verify_tls boolean not null default true;
