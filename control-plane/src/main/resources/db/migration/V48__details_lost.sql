-- Step details live in Redis only; when Redis loses its data during a run, the totals (PostgreSQL)
-- stay exact and the run says how many details are gone and for which work items.
alter table runs add column details_lost bigint not null default 0;
alter table runs add column details_lost_note text;
