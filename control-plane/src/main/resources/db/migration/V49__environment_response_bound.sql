-- How much of an answer's body a worker keeps in memory for this environment (null: the worker's
-- own bound, 1 MiB by default); at most the operator's cap.
alter table environments add column max_response_bytes bigint;
