/**
 * Step details in Redis: a chunk's details written in one pipelined batch, keyed so that a
 * replayed chunk overwrites instead of duplicating, with the plan's retention as TTL.
 */
package dev.gantry.worker.stepdetails;
