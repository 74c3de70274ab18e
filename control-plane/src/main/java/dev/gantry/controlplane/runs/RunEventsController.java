package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.security.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A run's totals as server-sent events, pushed every {@link RunEventsProperties#interval()} until the
 * run ends: {@code run} events while it goes on, then one {@code end} event with the per-case results,
 * and the stream closes. The run is read once per tick whatever the number of watchers, and only by
 * the control plane serving them: nothing of this touches the workers' path.
 */
@RestController
class RunEventsController {
    private static final Logger log = LoggerFactory.getLogger(RunEventsController.class);

    /** A browser watching a run; {@code sending} while a send to it is under way. */
    private record Watcher(UUID tenantId, SseEmitter emitter, AtomicBoolean released, AtomicBoolean sending) {}

    private final RunRepository runs;
    private final RunController views;
    private final RunEventsProperties properties;
    private final Clock clock;
    private final Semaphore streams;
    private final Map<UUID, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private final TaskScheduler scheduler;
    /** Sends happen here, not on the shared scheduler: a slow browser's full socket blocks only its own. */
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    private ScheduledFuture<?> ticking;

    RunEventsController(
            RunRepository runs,
            RunController views,
            RunEventsProperties properties,
            Clock clock,
            TaskScheduler scheduler) {
        this.scheduler = scheduler;
        this.runs = runs;
        this.views = views;
        this.properties = properties;
        this.clock = clock;
        this.streams = new Semaphore(properties.maxStreams());
    }

    @PostConstruct
    void start() {
        ticking = scheduler.scheduleWithFixedDelay(
                this::tick, scheduler.getClock().instant().plus(properties.interval()), properties.interval());
    }

    @GetMapping(path = "/api/v1/runs/{id}/events", produces = "text/event-stream")
    SseEmitter events(Caller caller, @PathVariable UUID id) throws IOException {
        Run run = runs.require(id, caller.tenantId());
        if (!streams.tryAcquire()) {
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "too many live streams on this control plane; read GET /api/v1/runs/" + id + " instead");
        }
        SseEmitter emitter = new SseEmitter(properties.maxAge().toMillis());
        Watcher watcher = new Watcher(caller.tenantId(), emitter, new AtomicBoolean(), new AtomicBoolean());
        Runnable release = () -> forget(id, watcher);
        emitter.onCompletion(release);
        emitter.onTimeout(release);
        emitter.onError(e -> release.run());
        if (send(emitter, run)) {
            release(watcher);
        } else {
            watchers.compute(id, (k, list) -> {
                List<Watcher> open = list == null ? new CopyOnWriteArrayList<>() : list;
                open.add(watcher);
                return open;
            });
        }
        return emitter;
    }

    private void forget(UUID runId, Watcher watcher) {
        watchers.computeIfPresent(runId, (k, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
        release(watcher);
    }

    /** Gives the watcher's stream permit back, once, whichever way its stream ended. */
    private void release(Watcher watcher) {
        if (watcher.released().compareAndSet(false, true)) {
            streams.release();
        }
    }

    /** Sends the run's state; true when the run has ended and the stream is complete. */
    private boolean send(SseEmitter emitter, Run run) {
        boolean ended = run.getStatus().terminal();
        try {
            emitter.send(SseEmitter.event()
                    .name(ended ? "end" : "run")
                    .id(String.valueOf(clock.millis()))
                    .data(views.response(run, ended)));
            if (ended) {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException gone) {
            // the browser went away; its completion callback releases the stream
            emitter.completeWithError(gone);
            return true;
        }
        return ended;
    }

    private void tick() {
        for (Map.Entry<UUID, List<Watcher>> entry : watchers.entrySet()) {
            try {
                List<Watcher> list = entry.getValue();
                if (list.isEmpty()) {
                    continue;
                }
                Optional<Run> run =
                        runs.findByIdAndTenantId(entry.getKey(), list.getFirst().tenantId());
                for (Watcher watcher : list) {
                    if (run.isEmpty()) {
                        watcher.emitter().complete();
                    } else if (watcher.sending().compareAndSet(false, true)) {
                        // a watcher still taking the last tick's totals skips this one
                        Run state = run.get();
                        senders.execute(() -> {
                            try {
                                if (send(watcher.emitter(), state)) {
                                    forget(entry.getKey(), watcher);
                                }
                            } finally {
                                watcher.sending().set(false);
                            }
                        });
                    }
                }
            } catch (RuntimeException e) {
                // one run's failed read must not stop the others' streams; the next tick tries again
                log.warn("live totals of run {} not sent: {}", entry.getKey(), e.toString());
            }
        }
    }

    @PreDestroy
    void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        watchers.values().forEach(list -> list.forEach(w -> w.emitter().complete()));
        senders.shutdownNow();
    }
}
