-- Where a generated case came from, and a hash of what was generated: regeneration updates a case
-- only while its stored content still hashes to generated_hash (otherwise someone edited it: diverged).
alter table test_cases add column origin_spec_id  uuid references api_specs (id) on delete set null;
alter table test_cases add column origin_endpoint varchar(2100);   -- "GET /pets/{petId}"
alter table test_cases add column origin_kind     varchar(10)
    check (origin_kind in ('happy', 'boundary', 'negative', 'security'));
alter table test_cases add column origin_key      varchar(600);    -- stable identity across regenerations
alter table test_cases add column generated_hash  varchar(64);
create unique index test_cases_origin_key on test_cases (suite_id, origin_key) where origin_key is not null;
