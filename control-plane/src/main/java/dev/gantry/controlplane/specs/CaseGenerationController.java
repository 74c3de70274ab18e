package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.WaitParameter;
import dev.gantry.controlplane.security.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /suites/{id}/generate} answers 202 with the generation's status URL in {@code Location};
 * {@code GET /generations/{id}} says where it is, and with {@code ?wait=30s} answers when it ends or
 * the time passes. Waiting holds no thread: one poller reads the state of every waited-for
 * generation in a single statement per tick, as the runs' long poll does.
 */
@RestController
class CaseGenerationController {
    private static final Logger log = LoggerFactory.getLogger(CaseGenerationController.class);
    /** Seconds a client is asked to wait before it reads an unfinished generation again. */
    private static final String RETRY_AFTER_SECONDS = "1";

    /** Both optional: the project's active specification, every kind. */
    record GenerateRequest(UUID specId, List<String> kinds) {}

    private record Waiter(UUID id, Caller caller, int limit, Instant deadline, DeferredResult<Object> result) {}

    private final CaseGenerationService generation;
    private final GenerationStore store;
    private final GenerationProperties properties;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> polling;

    CaseGenerationController(
            CaseGenerationService generation,
            GenerationStore store,
            GenerationProperties properties,
            TaskScheduler scheduler,
            Clock clock) {
        this.generation = generation;
        this.store = store;
        this.properties = properties;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    static String statusUrl(UUID generationId) {
        return "/api/v1/generations/" + generationId;
    }

    @PostConstruct
    void start() {
        polling = scheduler.scheduleWithFixedDelay(
                this::poll, scheduler.getClock().instant().plus(properties.waitTick()), properties.waitTick());
    }

    @PreDestroy
    void stop() {
        polling.cancel(true);
    }

    @PostMapping("/api/v1/suites/{suiteId}/generate")
    ResponseEntity<CaseGenerationService.Generation> generate(
            Caller caller, @PathVariable UUID suiteId, @RequestBody(required = false) GenerateRequest request) {
        GenerateRequest r = request == null ? new GenerateRequest(null, null) : request;
        CaseGenerationService.Generation started = generation.start(caller, suiteId, r.specId(), r.kinds());
        return ResponseEntity.accepted()
                .location(URI.create(started.statusUrl()))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(started);
    }

    @GetMapping("/api/v1/generations/{id}")
    ResponseEntity<CaseGenerationService.Generation> status(
            Caller caller, @PathVariable UUID id, @RequestParam(required = false) Integer limit) {
        return answer(generation.status(caller, id, limit(limit)));
    }

    /** Chosen over the plain GET whenever {@code wait} is present. */
    @GetMapping(value = "/api/v1/generations/{id}", params = "wait")
    DeferredResult<Object> waitFor(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam String wait,
            @RequestParam(required = false) Integer limit) {
        Duration duration = WaitParameter.parse(wait);
        if (duration.compareTo(properties.maxWait()) > 0) {
            duration = properties.maxWait();
        }
        CaseGenerationService.Generation now = generation.status(caller, id, limit(limit));
        // a generous backstop; the poller answers at the deadline itself
        DeferredResult<Object> result = new DeferredResult<>(duration.toMillis() + 30_000);
        if (now.state().terminal() || duration.isZero()) {
            result.setResult(answer(now));
            return result;
        }
        Waiter waiter = new Waiter(id, caller, limit(limit), clock.instant().plus(duration), result);
        result.onTimeout(() -> answer(waiter));
        result.onCompletion(() -> waiters.remove(waiter));
        result.onError(e -> waiters.remove(waiter));
        waiters.add(waiter);
        return result;
    }

    @GetMapping("/api/v1/suites/{suiteId}/generated")
    List<CaseGenerationService.Origin> origins(Caller caller, @PathVariable UUID suiteId) {
        return generation.origins(caller, suiteId);
    }

    private int limit(Integer limit) {
        return limit == null ? properties.listed() : limit;
    }

    /** An unfinished generation says when to look again. */
    private static ResponseEntity<CaseGenerationService.Generation> answer(CaseGenerationService.Generation g) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (!g.state().terminal()) {
            ok.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return ok.body(g);
    }

    private void poll() {
        if (waiters.isEmpty()) {
            return;
        }
        try {
            List<UUID> ended =
                    store.ended(waiters.stream().map(Waiter::id).distinct().toList());
            Instant now = clock.instant();
            for (Waiter waiter : waiters) {
                if (ended.contains(waiter.id()) || !now.isBefore(waiter.deadline())) {
                    waiters.remove(waiter);
                    // the answer reads the report: off the poller's thread
                    Thread.startVirtualThread(() -> answer(waiter));
                }
            }
        } catch (RuntimeException e) {
            log.warn("polling waited-for generations failed; trying again at the next tick: {}", e.toString());
        }
    }

    private void answer(Waiter waiter) {
        waiters.remove(waiter);
        if (waiter.result().isSetOrExpired()) {
            return;
        }
        try {
            waiter.result().setResult(answer(generation.status(waiter.caller(), waiter.id(), waiter.limit())));
        } catch (RuntimeException e) {
            waiter.result().setErrorResult(e);
        }
    }
}
