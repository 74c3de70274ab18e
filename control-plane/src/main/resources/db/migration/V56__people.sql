-- People are named: approvals, reviews, change logs, release history and the audit log show who
-- acted by name and e-mail. Users made before had their e-mail as display name; they are named
-- after its local part until they choose a name (PATCH /api/v1/users/me).
alter table users rename column display_name to name;
update users set name = split_part(email, '@', 1) where name is null or name = email or btrim(name) = '';
alter table users alter column name set not null;
alter table users add constraint users_name_length check (char_length(name) between 1 and 100);
