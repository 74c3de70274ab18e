/**
 * The audit log: one entry per successful change made through the API, written after the change
 * committed and never with its body; reads for a tenant's administrators and for operators; the
 * purge after {@code gantry.audit.retention}. The only writer of {@code audit_log}.
 */
package dev.gantry.controlplane.audit;
