/**
 * What every feature shares: the exceptions that map to RFC 9457 problem details with a stable
 * {@code code} ({@link dev.gantry.controlplane.common.ProblemDetailsAdvice}), JSON columns, the
 * {@link java.time.Clock}, the Redis client and its settings. Depends on no feature package and
 * writes no table.
 */
package dev.gantry.controlplane.common;
