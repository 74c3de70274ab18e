-- Cases on a suite's quarantine list still run, but their failures do not decide the verdict.
create table suite_quarantine (
    suite_id   uuid        not null references test_suites (id) on delete cascade,
    case_id    uuid        not null references test_cases (id) on delete cascade,
    reason     text,
    created_by uuid        not null,
    created_at timestamptz not null,
    primary key (suite_id, case_id)
);

-- The quarantine as it was when a run was judged: its reports list these cases apart.
create table run_quarantined_cases (
    run_id  uuid not null references runs (id) on delete cascade,
    case_id uuid not null,
    primary key (run_id, case_id)
);
