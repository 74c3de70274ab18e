/**
 * CI webhooks: hooks and their secrets, signed deliveries checked before their body is read, a
 * delivery id answered with the same run when it comes again, superseded runs cancelled, and
 * signed callbacks when the run ends, only to public addresses. Writes {@code ci_hooks} and {@code
 * ci_deliveries}, and a delivered run's commit and branch.
 */
package dev.gantry.controlplane.hooks;
