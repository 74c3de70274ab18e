/**
 * Plans as data: the limits a tenant's plan holds (a null limit is unlimited), the checks that
 * refuse what a plan does not allow (403 or 429 naming the limit, the allowance and the usage),
 * and the monthly usage counted at trigger time. Writes {@code tenant_usage}.
 */
package dev.gantry.controlplane.plans;
