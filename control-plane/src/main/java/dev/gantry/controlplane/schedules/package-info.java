/**
 * Cron schedules of a suite in an environment, fired exactly once per due time however many
 * control planes run, by a compare-and-set on {@code next_fire_at}; missed times fire once. Writes
 * {@code schedules}, and a fired run's schedule and due time.
 */
package dev.gantry.controlplane.schedules;
