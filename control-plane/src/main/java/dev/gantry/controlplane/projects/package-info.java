/**
 * Projects: the systems under test, which hold environments, suites and specifications. Writes
 * {@code projects}.
 */
package dev.gantry.controlplane.projects;
