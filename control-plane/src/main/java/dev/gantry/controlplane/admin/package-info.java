/**
 * Operator endpoints ({@code /api/v1/admin/**}, ADMINs of the operator tenant only): tenants and
 * their users, plans and subscriptions, the admission queue and the permits held, the retention
 * purge on demand, live workers and their drains. Writes {@code plans}, {@code plan_limits},
 * {@code subscriptions} and a tenant's plan in {@code tenants}; the drain set in Redis.
 */
package dev.gantry.controlplane.admin;
