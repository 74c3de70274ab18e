package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.runs.RunEnded;
import dev.gantry.controlplane.runs.RunResults;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs feed releases: when a run ends, each open release in its environment takes the run's
 * outcome for the cases it holds (PASSED when every step that ran passed, FAILED otherwise; a case
 * none of whose steps ran is left as it is), unless the case was decided after the run ended.
 *
 * <p>The event is the fast path. It is lost if the control plane stops between the run's end and
 * the listener, so a catch-up reads the runs ended since the last catch-up (from
 * {@link RunResults}, never from runs' tables) at start and every {@code gantry.releases.catch-up-interval},
 * and applies them again; applying a run twice changes nothing, since a case takes a run's
 * outcome only if the run ended after its status was decided. The catch-up reads back
 * {@code catch-up-overlap} before its cursor, for runs whose end committed after a later one's.
 */
@Component
class RunFeed {
    private static final Logger log = LoggerFactory.getLogger(RunFeed.class);

    private final RunResults runs;
    private final ReleaseStore store;
    private final ReleaseService releases;
    private final TransactionTemplate transaction;
    private final TaskScheduler scheduler;
    private final ReleasesProperties properties;
    private final Clock clock;
    private ScheduledFuture<?> ticking;

    RunFeed(
            RunResults runs,
            ReleaseStore store,
            ReleaseService releases,
            TransactionTemplate transaction,
            TaskScheduler scheduler,
            ReleasesProperties properties,
            Clock clock) {
        this.runs = runs;
        this.store = store;
        this.releases = releases;
        this.transaction = transaction;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        // the first catch-up at once: events lost while this control plane was down are made up for
        ticking = scheduler.scheduleWithFixedDelay(
                this::catchUp, scheduler.getClock().instant(), properties.catchUpInterval());
    }

    @PreDestroy
    void stop() {
        ticking.cancel(false);
    }

    @EventListener
    void afterRun(RunEnded ended) {
        if (!ended.jobRan()) {
            return;
        }
        try {
            runs.ended(ended.runId()).ifPresent(this::apply);
        } catch (RuntimeException e) {
            log.warn("run {} could not feed its releases now; the catch-up will: {}", ended.runId(), e.toString());
        }
    }

    /** Applies the runs ended since the cursor (less the overlap), oldest first, and moves the cursor. */
    void catchUp() {
        try {
            List<UUID> environments = store.openEnvironments();
            Instant now = clock.instant();
            Instant cursor = store.feedCursor().orElse(null);
            if (cursor == null) {
                // the first catch-up ever: nothing before it fed a release, there were none
                store.advanceFeed(now.minus(properties.catchUpOverlap()));
                cursor = store.feedCursor().orElseThrow();
            }
            Instant since = cursor.minus(properties.catchUpOverlap());
            int applied = 0;
            for (int batch = 0; batch < properties.catchUpBatches(); batch++) {
                List<RunResults.EndedRun> ended = runs.endedSince(since, environments, properties.catchUpBatchSize());
                for (RunResults.EndedRun run : ended) {
                    applied += apply(run);
                    since = run.endedAt();
                }
                if (!ended.isEmpty()) {
                    store.advanceFeed(since);
                }
                if (ended.size() < properties.catchUpBatchSize()) {
                    break;
                }
            }
            if (applied > 0) {
                log.info("release catch-up: {} case statuses set from runs whose end event was missed", applied);
            }
        } catch (RuntimeException e) {
            log.warn("release catch-up failed, the next one tries again: {}", e.toString());
        }
    }

    /** The run's outcomes into each open release of its environment; answers how many cases changed. */
    int apply(RunResults.EndedRun run) {
        List<RunResults.CaseOutcome> outcomes = runs.outcomes(run.runId());
        Map<UUID, ExecutionStatus> statuses = new LinkedHashMap<>();
        for (RunResults.CaseOutcome outcome : outcomes) {
            if (outcome.executed()) {
                statuses.put(outcome.caseId(), outcome.passedAll() ? ExecutionStatus.PASSED : ExecutionStatus.FAILED);
            }
        }
        if (statuses.isEmpty()) {
            return 0;
        }
        int changed = 0;
        for (ReleaseStore.Release release : store.openIn(run.environmentId(), run.endedAt())) {
            if (!release.tenantId().equals(run.tenantId())) {
                continue; // an environment belongs to one tenant; this only holds the line
            }
            Integer n = transaction.execute(status -> applyTo(release.id(), release.tenantId(), run, statuses));
            changed += n == null ? 0 : n;
        }
        return changed;
    }

    private int applyTo(UUID releaseId, UUID tenantId, RunResults.EndedRun run, Map<UUID, ExecutionStatus> statuses) {
        // locked, and read again: the release may have shipped or gone since it was listed
        ReleaseStore.Release release = store.lock(releaseId, tenantId).orElse(null);
        if (release == null || !release.status().open()) {
            return 0;
        }
        // only the release's cases decided before the run ended (or never): a run read again by the
        // catch-up costs this one read
        Map<UUID, String> names = new LinkedHashMap<>();
        Map<UUID, ExecutionStatus> wanted = new LinkedHashMap<>();
        for (ReleaseStore.Case c : store.cases(releaseId)) {
            names.put(c.caseId(), c.readableId());
            ExecutionStatus outcome = statuses.get(c.caseId());
            if (outcome != null && (c.statusAt() == null || c.statusAt().isBefore(run.endedAt()))) {
                wanted.put(c.caseId(), outcome);
            }
        }
        if (wanted.isEmpty()) {
            return 0;
        }
        List<ReleaseStore.Applied> applied = store.applyRun(releaseId, run.runId(), run.endedAt(), wanted);
        if (applied.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        for (ReleaseStore.Applied a : applied) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("status", a.before().name());
            before.put("runId", a.runBefore());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", a.after().name());
            after.put("runId", run.runId());
            store.record(releaseId, null, run.runId(), "case-status", names.get(a.caseId()), before, after, now);
        }
        releases.withdrawIfClosed(release, null, run.runId(), now);
        return applied.size();
    }
}
