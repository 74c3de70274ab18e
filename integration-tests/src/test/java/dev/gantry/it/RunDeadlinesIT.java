package dev.gantry.it;

import static dev.gantry.it.Scenarios.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A run's deadline (its suite's, or its trigger's own, which wins) cancels it the way a cancellation
 * by request does, when the control plane's clock passes it: the control plane here keeps the time of
 * a clock the test moves, so a run is shown to go on while its deadline has not come, and to be
 * cancelled once it has, whatever real time the machine takes.
 */
class RunDeadlinesIT {
    static final SettableClock clock = SettableClock.startingNow();
    /** Held until the test ends: every call of the stalling case waits for an answer that never comes. */
    static final CountDownLatch released = new CountDownLatch(1);

    static Farm farm;
    static HttpServer target;
    static Api api;

    @BeforeAll
    static void setUp() {
        farm = Farm.withClock(1, clock);
        target = TestTargets.held(released, null);
        api = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterAll
    static void tearDown() {
        released.countDown();
        Farm.closeAll(farm, target);
    }

    @Test
    void aDeadlinePassedCancelsTheRunTheSameWay() {
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        Api.Answer refused = api.put("/api/v1/suites/" + suite, Map.of("name", "suite", "deadlineSeconds", 0));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.raw()).contains("deadlineSeconds");
        Api.Answer updated = api.put("/api/v1/suites/" + suite, Map.of("name", "suite", "deadlineSeconds", 2));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().get("deadlineSeconds").asInt()).isEqualTo(2);
        Api.Answer stalling = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("stall")
                        .get("/stall/{{n}}")
                        .timeoutMs(120_000)
                        .expectStatus(200)
                        .build());
        assertThat(stalling.status()).as(stalling.raw()).isEqualTo(201);
        Scenarios.numberedRows(api, suite, 3);

        // the suite's deadline, and a trigger's own, which wins over it
        UUID bySuite = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        Api.Answer badTrigger = api.post(
                "/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment, "deadlineSeconds", 90_000));
        assertThat(badTrigger.status()).isEqualTo(400);
        assertThat(badTrigger.raw()).contains("deadlineSeconds");
        UUID byTrigger = api.post(
                        "/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment, "deadlineSeconds", 1))
                .id("runId");

        // the deadline checks tick every second: in two, a run cancelled early would show
        await("both runs going on while the control plane's clock stands before their deadlines")
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> {
                    assertThat(status(bySuite)).isIn("QUEUED", "RUNNING");
                    assertThat(status(byTrigger)).isIn("QUEUED", "RUNNING");
                });

        clock.advance(Duration.ofSeconds(1));
        assertCancelledByItsDeadline(byTrigger, Duration.ofSeconds(1));
        assertThat(status(bySuite)).as("its deadline is a second later").isIn("QUEUED", "RUNNING");

        clock.advance(Duration.ofSeconds(1));
        assertCancelledByItsDeadline(bySuite, Duration.ofSeconds(2));
    }

    private static void assertCancelledByItsDeadline(UUID run, Duration deadline) {
        await("run " + run + " cancelled at its deadline")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !status(run).equals("QUEUED") && !status(run).equals("RUNNING"));
        JsonNode ended = api.get("/api/v1/runs/" + run).body();
        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("CANCELLED");
        assertThat(ended.get("error").asString()).contains("deadline");
        assertThat(ended.get("totals").get("done").asLong()).isZero();
        Duration allowed = Duration.between(
                Instant.parse(ended.get("createdAt").asString()),
                Instant.parse(ended.get("deadlineAt").asString()));
        assertThat(allowed).isEqualTo(deadline);
    }

    private static String status(UUID run) {
        return api.get("/api/v1/runs/" + run).body().get("status").asString();
    }
}
