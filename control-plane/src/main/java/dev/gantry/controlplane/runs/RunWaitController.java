package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.WaitParameter;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.model.RunStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /api/v1/runs/{id}?wait=60s}: answers when the run ends or the time passes, whichever
 * comes first, with the same body as without {@code wait}. No request thread waits: each waiting
 * request is a {@link DeferredResult}, and one poller asks PostgreSQL for the status of every
 * waited-for run in a single statement per tick, so a thousand waiting CI jobs cost one query
 * every {@code gantry.runs.wait-poll-interval}.
 */
@RestController
class RunWaitController {
    private static final Logger log = LoggerFactory.getLogger(RunWaitController.class);

    private record Waiter(UUID runId, Caller caller, Instant deadline, DeferredResult<Object> result) {}

    private final RunController runs;
    private final RunRepository repository;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration maxWait;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final TaskScheduler scheduler;
    private final Duration pollInterval;
    private ScheduledFuture<?> polling;

    RunWaitController(
            RunController runs,
            RunRepository repository,
            JdbcTemplate jdbc,
            Clock clock,
            TaskScheduler scheduler,
            RunsProperties properties) {
        this.runs = runs;
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxWait = properties.maxWait();
        this.scheduler = scheduler;
        this.pollInterval = properties.waitTick();
    }

    @PostConstruct
    void start() {
        polling = scheduler.scheduleWithFixedDelay(
                this::poll, scheduler.getClock().instant().plus(pollInterval), pollInterval);
    }

    /** Chosen over the plain {@code GET /runs/{id}} whenever {@code wait} is present. */
    @GetMapping(value = "/api/v1/runs/{id}", params = "wait")
    DeferredResult<Object> waitFor(Caller caller, @PathVariable UUID id, @RequestParam String wait) {
        Duration duration = WaitParameter.parse(wait);
        if (duration.compareTo(maxWait) > 0) {
            duration = maxWait; // bounded: a CI job asking for an hour gets the longest wait we keep open
        }
        Run run = repository.require(id, caller.tenantId());
        // a generous backstop; the poller answers at the deadline itself
        DeferredResult<Object> result = new DeferredResult<>(duration.toMillis() + 30_000);
        if (run.getStatus().terminal() || duration.isZero()) {
            result.setResult(runs.get(caller, id));
            return result;
        }
        Waiter waiter = new Waiter(id, caller, clock.instant().plus(duration), result);
        result.onTimeout(() -> answer(waiter));
        result.onCompletion(() -> waiters.remove(waiter));
        result.onError(e -> waiters.remove(waiter));
        waiters.add(waiter);
        return result;
    }

    private void poll() {
        if (waiters.isEmpty()) {
            return;
        }
        try {
            List<UUID> ids = waiters.stream().map(Waiter::runId).distinct().toList();
            Map<UUID, RunStatus> statuses = new ConcurrentHashMap<>();
            jdbc.query(
                    "select id, status from runs where id = any (?)",
                    rs -> {
                        statuses.put(rs.getObject(1, UUID.class), RunStatus.valueOf(rs.getString(2)));
                    },
                    (Object) ids.toArray(UUID[]::new));
            Instant now = clock.instant();
            for (Waiter waiter : waiters) {
                RunStatus status = statuses.get(waiter.runId());
                if (status == null || status.terminal() || !now.isBefore(waiter.deadline())) {
                    waiters.remove(waiter);
                    // the answer reads the run and its case results: off the poller's thread
                    Thread.startVirtualThread(() -> answer(waiter));
                }
            }
        } catch (RuntimeException e) {
            log.warn("polling waited-for runs failed; trying again at the next tick: {}", e.toString());
        }
    }

    private void answer(Waiter waiter) {
        waiters.remove(waiter);
        if (waiter.result().isSetOrExpired()) {
            return;
        }
        try {
            waiter.result().setResult(runs.get(waiter.caller(), waiter.runId()));
        } catch (RuntimeException e) {
            waiter.result().setErrorResult(e);
        }
    }

    @PreDestroy
    void stop() {
        polling.cancel(true);
    }
}
