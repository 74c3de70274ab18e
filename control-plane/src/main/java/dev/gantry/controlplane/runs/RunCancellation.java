package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Cancels runs, by request, by deadline or when a newer CI run supersedes them. Two things, in
 * this order: a flag in Redis that the workers watch (a partition not yet started reads no work
 * item, one under way stops after its chunk, HTTP calls under way are aborted), then the guarded
 * move to CANCELLED with the totals counted so far. The run's job winds down by itself; when it
 * ends, the totals of the last committed chunks are added ({@link RunStore}). A QUEUED run whose
 * job never started simply never runs a step.
 */
@Service
public class RunCancellation {
    private static final Logger log = LoggerFactory.getLogger(RunCancellation.class);
    /** Longer than any partition can wait in the queue; the flag is useless after its run. */
    private static final Duration FLAG_TTL = Duration.ofDays(2);

    private final RunRepository runs;
    private final RunStore store;
    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final Clock clock;

    RunCancellation(RunRepository runs, RunStore store, RedissonClient redisson, RedisProperties redis, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.redisson = redisson;
        this.keys = redis.keys();
        this.clock = clock;
    }

    /** Cancels the tenant's run; 404 for another tenant's, 409 when it has already ended. */
    public Run cancel(UUID runId, UUID tenantId, String reason) {
        return cancelChecked(runId, () -> runs.require(runId, tenantId), reason);
    }

    /** Cancels any tenant's run, for operators; 404 when there is none, 409 when it has already ended. */
    public Run cancelAnyTenant(UUID runId, String reason) {
        return cancelChecked(
                runId, () -> runs.findById(runId).orElseThrow(() -> new NotFoundException("run", runId)), reason);
    }

    private Run cancelChecked(UUID runId, Supplier<Run> lookup, String reason) {
        Run run = lookup.get();
        if (run.getStatus().terminal() && run.getStatus() != RunStatus.CANCELLED) {
            throw new ConflictException("status", "run " + runId + " has already ended " + run.getStatus());
        }
        if (!cancel(run.getId(), reason)) {
            RunStatus status = lookup.get().getStatus();
            if (status != RunStatus.CANCELLED) {
                throw new ConflictException("status", "run " + runId + " has already ended " + status);
            }
        }
        return lookup.get();
    }

    /** The same without a caller (deadlines, superseded runs); false when it had already ended. */
    public boolean cancel(UUID runId, String reason) {
        redisson.getBucket(keys.cancelled(runId), StringCodec.INSTANCE).set(reason, FLAG_TTL);
        boolean cancelled = store.cancel(runId, "cancelled: " + reason, clock.instant());
        if (cancelled) {
            log.info("run {} cancelled: {}", runId, reason);
        }
        return cancelled;
    }
}
