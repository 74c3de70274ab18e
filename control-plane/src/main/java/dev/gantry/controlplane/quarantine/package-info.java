/**
 * Flaky cases: a suite's quarantine list, flake scores over its last finished runs, and which
 * cases do not decide a run's verdict (kept with the run as it was when the run was judged).
 * Writes {@code suite_quarantine} and {@code run_quarantined_cases}.
 */
package dev.gantry.controlplane.quarantine;
