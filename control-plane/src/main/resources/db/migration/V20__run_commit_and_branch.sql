-- What a CI trigger says about the code under test; shown in every report (JUnit properties).
alter table runs add column commit_sha varchar(64);
alter table runs add column branch varchar(255);
create index runs_suite_branch on runs (suite_id, branch, created_at desc) where branch is not null;
