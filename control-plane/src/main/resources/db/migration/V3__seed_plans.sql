-- The three plans every installation starts with. Admins may add more; limits are data.
insert into plans (id, name, description) values
    ('00000000-0000-0000-0000-00000000f001', 'Free', 'For trying Gantry out'),
    ('00000000-0000-0000-0000-00000000f002', 'Pro', 'For teams running suites in CI'),
    ('00000000-0000-0000-0000-00000000f003', 'Enterprise', 'For farms shared by many teams');

insert into plan_limits (plan_id, limit_name, limit_value) values
    ('00000000-0000-0000-0000-00000000f001', 'MaxProjects', 3),
    ('00000000-0000-0000-0000-00000000f001', 'MaxEndpointsPerProject', 50),
    ('00000000-0000-0000-0000-00000000f001', 'MaxTestCasesPerSuite', 100),
    ('00000000-0000-0000-0000-00000000f001', 'MaxTestRunsPerMonth', 200),
    ('00000000-0000-0000-0000-00000000f001', 'MaxConcurrentRuns', 1),
    ('00000000-0000-0000-0000-00000000f001', 'MaxParallelPartitions', 2),
    ('00000000-0000-0000-0000-00000000f001', 'MaxRequestsPerSecond', 50),
    ('00000000-0000-0000-0000-00000000f001', 'RetentionDays', 3),
    ('00000000-0000-0000-0000-00000000f002', 'MaxProjects', 50),
    ('00000000-0000-0000-0000-00000000f002', 'MaxEndpointsPerProject', 1000),
    ('00000000-0000-0000-0000-00000000f002', 'MaxTestCasesPerSuite', 5000),
    ('00000000-0000-0000-0000-00000000f002', 'MaxTestRunsPerMonth', 10000),
    ('00000000-0000-0000-0000-00000000f002', 'MaxConcurrentRuns', 5),
    ('00000000-0000-0000-0000-00000000f002', 'MaxParallelPartitions', 16),
    ('00000000-0000-0000-0000-00000000f002', 'MaxRequestsPerSecond', 2000),
    ('00000000-0000-0000-0000-00000000f002', 'RetentionDays', 14),
    ('00000000-0000-0000-0000-00000000f003', 'MaxProjects', null),
    ('00000000-0000-0000-0000-00000000f003', 'MaxEndpointsPerProject', null),
    ('00000000-0000-0000-0000-00000000f003', 'MaxTestCasesPerSuite', null),
    ('00000000-0000-0000-0000-00000000f003', 'MaxTestRunsPerMonth', null),
    ('00000000-0000-0000-0000-00000000f003', 'MaxConcurrentRuns', 50),
    ('00000000-0000-0000-0000-00000000f003', 'MaxParallelPartitions', 256),
    ('00000000-0000-0000-0000-00000000f003', 'MaxRequestsPerSecond', null),
    ('00000000-0000-0000-0000-00000000f003', 'RetentionDays', 90);
