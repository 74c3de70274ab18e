package dev.gantry.model;

/**
 * Names of the metrics both apps publish (Micrometer conventions, base units, bounded tags). Prometheus
 * sees them with dots as underscores, counters ending in {@code _total} and timers in
 * {@code _seconds_count/_sum/_max/_bucket}. Tags never carry run ids, case ids or URLs: a {@code tenant}
 * tag holds the tenant's name, bounded by the number of tenants of the installation.
 */
public final class MetricNames {
    // --- worker ---------------------------------------------------------------------------------

    /** Counter of executed steps, tagged {@code outcome} (passed, failed, skipped, errored, flaky). */
    public static final String STEPS = "gantry.steps";
    /**
     * Timer of step durations, with a percentile histogram (p50/p95/p99 by {@code histogram_quantile}).
     * Tagged {@code environment} only with names from a fixed list, every other one as {@code other}:
     * environment names are the users' own and unbounded across tenants.
     */
    public static final String STEP_DURATION = "gantry.step.duration";
    /** Counter of partitions a worker finished, tagged {@code outcome} (completed, failed, stopped). */
    public static final String PARTITIONS = "gantry.partitions";
    /** Timer of pipelined Redis writes of step details, one per chunk. */
    public static final String STEP_DETAIL_WRITE = "gantry.stepdetails.write";
    /** Counter of pipelined Redis writes of step details that failed after the client's retries (the chunk fails). */
    public static final String STEP_DETAIL_WRITE_ERRORS = "gantry.stepdetails.write.errors";
    /** Counter of requests to targets that got no HTTP answer, tagged {@code kind} (connect, timeout, tls, other). */
    public static final String HTTP_ERRORS = "gantry.http.errors";
    /**
     * Gauge of a worker's chain slots (partitions at once × chains at once per partition), tagged
     * {@code state}: busy (a chain is executing in it) or idle.
     */
    public static final String WORKER_SLOTS = "gantry.worker.slots";
    /** Gauge of partitions a worker is executing now. */
    public static final String WORKER_PARTITIONS_ACTIVE = "gantry.worker.partitions.active";
    /** Gauge of the epoch second of a worker's last heartbeat (a tick every few seconds on its own thread). */
    public static final String WORKER_HEARTBEAT = "gantry.worker.heartbeat";

    // --- control plane --------------------------------------------------------------------------

    /** Counter of runs started, tagged {@code trigger}. */
    public static final String RUNS_STARTED = "gantry.runs.started";
    /** Counter of runs finished, tagged {@code status}. */
    public static final String RUNS_FINISHED = "gantry.runs.finished";
    /** Timer of the wait of a run from its trigger (QUEUED) to its job starting (RUNNING). */
    public static final String RUN_QUEUE_WAIT = "gantry.runs.queue.wait";
    /** Gauge of runs waiting in QUEUED, tagged {@code tenant}. */
    public static final String RUNS_QUEUED = "gantry.runs.queued";
    /** Gauge of the age in seconds of the oldest QUEUED run (0 when none waits). */
    public static final String RUNS_QUEUE_OLDEST_AGE = "gantry.runs.queue.oldest.age";
    /** Gauge of runs in RUNNING, tagged {@code tenant}. */
    public static final String RUNS_ACTIVE = "gantry.runs.active";
    /** Gauge of runs created since the start of the month (UTC), tagged {@code tenant}: usage of MaxTestRunsPerMonth. */
    public static final String RUNS_THIS_MONTH = "gantry.runs.month";
    /** Gauge of partitions a worker is executing now, by run owner, tagged {@code tenant}. */
    public static final String PARTITIONS_IN_FLIGHT = "gantry.partitions.in.flight";
    /** Gauge of partition requests waiting in the RabbitMQ queue (what worker autoscaling watches). */
    public static final String PARTITION_QUEUE_DEPTH = "gantry.partitions.queue.depth";
    /** Gauge of consumers on the partition queue (workers × partitions per worker). */
    public static final String PARTITION_QUEUE_CONSUMERS = "gantry.partitions.queue.consumers";
    /**
     * Gauge of a plan limit as it applies to a tenant, tagged {@code tenant}, {@code plan} and {@code limit}
     * (the limit's name, e.g. MaxConcurrentRuns); unlimited limits are not published.
     */
    public static final String PLAN_LIMIT = "gantry.plan.limit";
    /** Counter of CI webhook deliveries, tagged {@code outcome}: accepted, duplicate, rejected. */
    public static final String WEBHOOK_DELIVERIES = "gantry.webhooks.deliveries";
    /** Counter of schedule firings, tagged {@code outcome}: started, failed (no run could start). */
    public static final String SCHEDULE_FIRES = "gantry.schedules.fires";
    /** Counter of due times a schedule skipped after downtime or a pause (misfires fire once). */
    public static final String SCHEDULE_MISSES = "gantry.schedules.misses";
    /** Counter of requests a plan refused, tagged {@code limit} (a PlanLimit name, or Subscription). */
    public static final String PLAN_REFUSALS = "gantry.plans.refusals";
    /**
     * Counter of requests refused for security, tagged {@code reason} from a fixed set (unauthenticated,
     * forbidden, firewall, bad-signature, stale-timestamp, body-too-large, target-refused, …).
     */
    public static final String SECURITY_REFUSALS = "gantry.security.refusals";

    private MetricNames() {}
}
