package dev.gantry.controlplane.plans;

/** Names of the limits a plan holds as rows in {@code plan_limits}. */
public enum PlanLimit {
    MaxProjects,
    MaxEndpointsPerProject,
    MaxTestCasesPerSuite,
    MaxTestRunsPerMonth,
    MaxConcurrentRuns,
    MaxParallelPartitions,
    MaxRequestsPerSecond,
    RetentionDays
}
