package dev.gantry.controlplane.hooks;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a delivery's callback URL once its run has ended, with the run's summary, signed like
 * deliveries are, over the delivery id ({@code X-Gantry-Delivery}) and the callback URL's query too
 * (so the CI system can check it came from Gantry, for this delivery). A failed call is retried with
 * doubling backoff (1 s, 2 s, 4 s, ...) up to {@link HooksProperties#callbackAttempts}. Several
 * control planes may run this: each claims a callback by moving its next attempt time forward
 * in one guarded UPDATE, so only one of them sends it at a time.
 */
@Component
class CallbackSender {
    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);
    /** How long a claimed callback is reserved to its sender before another may try. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final HookStore hooks;
    private final OutboundGuard guard;
    private final JsonMapper json;
    private final Clock clock;
    private final int maxAttempts;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final TaskScheduler scheduler;
    private final Duration interval;
    private ScheduledFuture<?> ticking;

    CallbackSender(
            JdbcTemplate jdbc,
            HookStore hooks,
            OutboundGuard guard,
            JsonMapper json,
            Clock clock,
            TaskScheduler scheduler,
            HooksProperties properties) {
        this.jdbc = jdbc;
        this.hooks = hooks;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
        this.maxAttempts = properties.callbackAttempts();
        this.scheduler = scheduler;
        this.interval = properties.callbackPollInterval();
    }

    @PostConstruct
    void start() {
        ticking = scheduler.scheduleWithFixedDelay(
                this::tick, scheduler.getClock().instant().plus(interval), interval);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            hooks.leaseDueCallbacks(now, now.plus(LEASE)).forEach(this::send);
        } catch (RuntimeException e) {
            log.warn("sending hook callbacks failed; trying again at the next tick: {}", e.toString());
        }
    }

    private void send(HookStore.DueCallback due) {
        int attempt = due.attempts() + 1;
        String error;
        try {
            URI uri = URI.create(due.url());
            error = guard.checkAddress(uri);
            if (error == null) {
                byte[] body = json.writeValueAsBytes(summary(due));
                String timestamp = Long.toString(clock.instant().getEpochSecond());
                String secret = hooks.find(due.hookId())
                        .map(HookStore.HookWithSecret::secret)
                        .orElse("");
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header(HookSignatures.TIMESTAMP, timestamp)
                                .header(
                                        HookSignatures.SIGNATURE,
                                        HookSignatures.sign(
                                                secret,
                                                timestamp,
                                                due.deliveryId(),
                                                uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                                                body))
                                .header(HookSignatures.DELIVERY, due.deliveryId())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() / 100 == 2) {
                    record(due, "DELIVERED", attempt, null, null);
                    return;
                }
                error = "HTTP " + answer.statusCode();
            } else {
                // refused by the guard: retrying will not help
                record(due, "REFUSED", attempt, null, error);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (attempt >= maxAttempts) {
            log.warn("callback of delivery {} failed {} times, giving up: {}", due.deliveryId(), attempt, error);
            record(due, "FAILED", attempt, null, error);
        } else {
            Instant next = clock.instant().plusSeconds(1L << Math.min(attempt - 1, 10));
            record(due, "PENDING", attempt, next, error);
        }
    }

    private void record(HookStore.DueCallback due, String state, int attempts, Instant next, String error) {
        hooks.recordCallback(due.hookId(), due.deliveryId(), state, attempts, next, error);
    }

    private Map<String, Object> summary(HookStore.DueCallback due) {
        Map<String, Object> run = jdbc.queryForMap(
                """
                select id, suite_name, status, commit_sha, branch, passed, flaky, failed, skipped, errored,
                       total_steps, error_message, finished_at from runs where id = ?
                """,
                due.runId());
        Map<String, Object> body = new LinkedHashMap<>();
        String statusUrl = "/api/v1/runs/" + due.runId();
        body.put("deliveryId", due.deliveryId());
        body.put("runId", due.runId());
        body.put("suite", run.get("suite_name"));
        body.put("status", run.get("status"));
        body.put("commit", run.get("commit_sha"));
        body.put("branch", run.get("branch"));
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String name : List.of("passed", "flaky", "failed", "skipped", "errored")) {
            totals.put(name, run.get(name));
        }
        totals.put("steps", run.get("total_steps"));
        body.put("totals", totals);
        body.put("error", run.get("error_message"));
        body.put("statusUrl", statusUrl);
        body.put("junitUrl", statusUrl + "/reports/junit");
        body.put("htmlUrl", statusUrl + "/reports/html");
        return body;
    }

    @PreDestroy
    void stop() {
        ticking.cancel(true);
    }
}
