/**
 * A run's reports (JUnit XML, JSON, CSV, self-contained HTML), streamed from PostgreSQL and Redis
 * a page at a time so that no report is held in memory, and the diff of a run against an earlier
 * one. Reads only.
 */
package dev.gantry.controlplane.reports;
