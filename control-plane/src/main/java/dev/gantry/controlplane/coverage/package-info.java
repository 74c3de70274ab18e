/**
 * Coverage of a run against the project's active specification: the Spring Batch job {@code
 * gantryCoverage}, whose partitions go to the workers over the run job's queue, started after
 * every run of a project with an active specification and on demand, and the sums of its endpoint
 * rows. Writes {@code coverage_reports}; the workers write {@code coverage_endpoints}.
 */
package dev.gantry.controlplane.coverage;
