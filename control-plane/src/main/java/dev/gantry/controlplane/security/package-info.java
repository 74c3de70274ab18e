/**
 * Who gets in: Spring Security's filter chain with API-key authentication, access rules per path
 * pattern and role (deny by default) and the strict firewall; API keys (hashed), tenant
 * provisioning, the bootstrap admin, sealing of secrets, and refusals counted by reason. Writes
 * {@code tenants}, {@code users}, {@code api_keys} and a new tenant's {@code subscriptions}.
 */
package dev.gantry.controlplane.security;
