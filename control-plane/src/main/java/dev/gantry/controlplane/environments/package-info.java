/**
 * Environments of a project: base URL, variables, default headers, secrets (write-only, sealed
 * before they are stored), authentication and transport settings, frozen into each run's snapshot.
 * Writes {@code environments}.
 */
package dev.gantry.controlplane.environments;
