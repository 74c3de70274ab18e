/**
 * Where test targets may be, checked when a URL is saved: not on a link-local or metadata address,
 * not on one of the farm's own service ports (the workers check again on every request and
 * redirect). Writes no table.
 */
package dev.gantry.controlplane.targets;
