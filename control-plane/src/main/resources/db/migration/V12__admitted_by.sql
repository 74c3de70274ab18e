-- Which control plane admitted a run (pid@host): it runs the run's job and renews its lease.
alter table runs add column admitted_by varchar(200);
