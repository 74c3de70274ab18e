/**
 * A run's life: the trigger and its frozen snapshot, admission under the tenant's plan with a
 * lease, the job {@code gantryRun} (expand, setup, execute, teardown, aggregate), status moves
 * guarded by {@link dev.gantry.model.RunStatus} ({@link dev.gantry.controlplane.runs.RunStore}),
 * takeover of a run whose control plane stopped, cancellation and deadlines, waiting, step-detail
 * reads and the retention purge. Writes {@code runs}, {@code run_snapshots},
 * {@code run_case_results} and creates {@code run_partitions}; the run and partition permits and
 * cancellation flags in Redis.
 */
package dev.gantry.controlplane.runs;
