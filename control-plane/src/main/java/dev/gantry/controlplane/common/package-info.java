/**
 * What every feature shares: the exceptions that map to RFC 9457 problem details with a stable
 * {@code code} ({@link dev.gantry.controlplane.common.ProblemDetailsAdvice}, and the same problem for
 * work that fails outside a request, {@link dev.gantry.controlplane.common.Problems}), the
 * {@code ?wait=} of long polls, JSON columns, the {@link java.time.Clock}, the Redis client and its
 * settings. Depends on no feature package and
 * writes no table.
 */
package dev.gantry.controlplane.common;
