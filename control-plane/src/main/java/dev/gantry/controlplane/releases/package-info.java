/**
 * Releases: a version of a project in one environment, the cases it holds (picked by suite, module
 * or tag) with their execution statuses, fed by the runs that end in its environment (the latest
 * run wins, linked) and set by hand; approvals by role, the gate its owner configures, its history
 * of every change, its dashboard and readiness report (HTML, and PDF through openhtmltopdf). Reads
 * runs only through {@link dev.gantry.controlplane.runs.RunResults}. Writes {@code releases},
 * {@code release_cases}, {@code release_approvals}, {@code release_history} and
 * {@code release_run_feed}, all through {@link dev.gantry.controlplane.releases.ReleaseStore}.
 */
package dev.gantry.controlplane.releases;
