package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static dev.gantry.testsupport.Waiting.throughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cancelling a run under way: half its rows answer at once, the other half only after a minute.
 * The cancellation must abort the waiting HTTP calls (the job ends within seconds, not a minute),
 * start no further partition, and keep the totals of what finished before: exactly the fast half.
 */
class CancelIT {
    static final int ROWS = 200;
    static final int FAST = 100;

    static Farm farm;
    static HttpServer target;
    static final AtomicInteger slowCalls = new AtomicInteger();
    static final AtomicInteger stallCalls = new AtomicInteger();
    static final AtomicInteger cleanupCalls = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/slow") || path.startsWith("/stall")) {
                (path.startsWith("/slow") ? slowCalls : stallCalls).incrementAndGet();
                TargetPace.pause(Duration.ofMinutes(1));
            }
            if (path.startsWith("/cleanup")) {
                cleanupCalls.incrementAndGet();
            }
            TestTargets.json(exchange, 200, "{}");
        });
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void cancellingAbortsCallsUnderWayAndKeepsThePartialTotals() throws Exception {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        Map<String, Object> call = aCase("call")
                .get("/{{kind}}/{{n}}")
                .timeoutMs(120_000)
                .expectStatus(200)
                .build();
        assertThat(api.post("/api/v1/suites/" + suite + "/cases", call).status())
                .isEqualTo(201);
        api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of(
                        "name",
                        "rows",
                        "rows",
                        IntStream.range(0, ROWS)
                                .mapToObj(i -> Map.<String, Object>of("n", i, "kind", i < FAST ? "fast" : "slow"))
                                .toList()));
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");

        await("the fast half done and a slow call under way")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    JsonNode state = api.get("/api/v1/runs/" + run).body();
                    assertThat(state.get("totals").get("done").asLong())
                            .as(state.toString())
                            .isGreaterThanOrEqualTo(FAST);
                    assertThat(slowCalls.get()).as("slow calls").isPositive();
                });
        Api.Answer cancelled = api.post("/api/v1/runs/" + run + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");

        // the job ends within seconds: the minute-long calls were aborted, no other partition started
        awaitJobEnd(run, Duration.ofSeconds(15));
        assertThat(slowCalls.get()).isLessThanOrEqualTo(ROWS - FAST);

        JsonNode finished = api.get("/api/v1/runs/" + run).body();
        assertThat(finished.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(finished.get("error").asString()).contains("by request");
        JsonNode totals = finished.get("totals");
        assertThat(totals.get("passed").asLong()).as(finished.toString()).isEqualTo(FAST);
        assertThat(totals.get("done").asLong()).isEqualTo(FAST);
        assertThat(totals.get("errored").asLong()).isZero();
        assertThat(finished.get("cases").get(0).get("passed").asLong()).isEqualTo(FAST);

        // the same run cannot be cancelled again, nor ended runs, nor other tenants' runs
        Api.Answer again = api.post("/api/v1/runs/" + run + "/cancel", Map.of());
        assertThat(again.status()).isEqualTo(200);
        assertThat(api.post("/api/v1/runs/" + UUID.randomUUID() + "/cancel", Map.of())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anEndedRunCannotBeCancelled() {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("ok").get("/fast/1").build());
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        assertThat(api.waitForEnd(run, Duration.ofSeconds(30)).get("status").asString())
                .isEqualTo("PASSED");
        Api.Answer refused = api.post("/api/v1/runs/" + run + "/cancel", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/runs/" + run).body().get("status").asString())
                .isEqualTo("PASSED");
    }

    @Test
    void teardownStillCleansUpAfterACancel() throws Exception {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID suite = workspace.suite();
        stallingCase(api, suite, 3);
        Api.Answer teardown = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("clean up")
                        .get("/cleanup")
                        .phase("teardown")
                        .expectStatus(200)
                        .build());
        assertThat(teardown.status()).as(teardown.raw()).isEqualTo(201);
        int stalledBefore = stallCalls.get();
        int cleanedBefore = cleanupCalls.get();
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", workspace.environment()))
                .id("runId");
        Instant patience = Instant.now().plusSeconds(30);
        await("the run's three stalling calls under way")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stallCalls.get() >= stalledBefore + 3);
        assertThat(api.post("/api/v1/runs/" + run + "/cancel", Map.of()).status())
                .isEqualTo(200);

        // the calls under way are aborted, then the teardown case runs once, not aborted
        awaitJobEnd(run, Duration.between(Instant.now(), patience));
        assertThat(cleanupCalls.get() - cleanedBefore).isEqualTo(1);
        JsonNode ended = api.get("/api/v1/runs/" + run).body();
        assertThat(ended.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(ended.get("totals").get("passed").asLong())
                .as(ended.toString())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/runs/" + run + "/steps").raw()).contains("clean up");
    }

    @Test
    void aQueuedRunCancelledBeforeItsTurnNeverStarts() throws Exception {
        // the Free plan runs one run at a time, so the second run waits for a permit
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant =
                Scenarios.tenant(admin, aTenant().named("free").onPlan("Free"));
        Api api = tenant.api();
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        stallingCase(api, suite, 1);
        UUID running = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        await("the first run running")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(api, running)).isEqualTo("RUNNING"));
        UUID queued = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        // a few admission ticks (100 ms apart)
        throughout("the second run queued behind the running one, its plan's one slot taken", Duration.ofMillis(1_500))
                .untilAsserted(() -> assertThat(status(api, queued)).isEqualTo("QUEUED"));

        Api.Answer cancelled = api.post("/api/v1/runs/" + queued + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        // the running one an operator cancels: the admin API reaches every tenant's runs, the tenant API only its own
        assertThat(admin.post("/api/v1/runs/" + running + "/cancel", Map.of()).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/admin/runs/" + running + "/cancel", Map.of())
                        .status())
                .isEqualTo(403);
        Api.Answer byOperator = admin.post("/api/v1/admin/runs/" + running + "/cancel", Map.of());
        assertThat(byOperator.status()).as(byOperator.raw()).isEqualTo(200);
        assertThat(byOperator.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(byOperator.body().get("tenantId").asString())
                .isEqualTo(tenant.id().toString());
        assertThat(byOperator.body().get("error").asString()).contains("by an operator");
        JsonNode ended = api.waitForEnd(running, Duration.ofSeconds(30));
        assertThat(ended.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(admin.post("/api/v1/admin/runs/" + UUID.randomUUID() + "/cancel", Map.of())
                        .status())
                .isEqualTo(404);

        // the permit the first run gave back is not handed to the cancelled one
        throughout("the cancelled run never started", Duration.ofMillis(1_500)).untilAsserted(() -> {
            JsonNode after = api.get("/api/v1/runs/" + queued).body();
            assertThat(after.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(after.get("startedAt").isNull()).as(after.toString()).isTrue();
            assertThat(after.get("totals").get("done").asLong()).isZero();
        });
        try (Connection db = farm.database();
                PreparedStatement statement =
                        db.prepareStatement("select admitted_at, job_execution_id from runs where id = ?")) {
            statement.setObject(1, queued);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertThat(rs.getObject(1)).as("admitted").isNull();
                assertThat(rs.getObject(2)).as("its job").isNull();
            }
        }
    }

    /** A case whose every row waits a minute for its answer. */
    private static void stallingCase(Api api, UUID suite, int rows) {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("stall")
                        .get("/stall/{{n}}")
                        .timeoutMs(120_000)
                        .expectStatus(200)
                        .build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Scenarios.numberedRows(api, suite, rows);
    }

    private static String status(Api api, UUID run) {
        return api.get("/api/v1/runs/" + run).body().get("status").asString();
    }

    /** Waits until the run's batch job has ended (its manager has stopped waiting for partitions). */
    private static void awaitJobEnd(UUID run, Duration patience) throws Exception {
        try (Connection db = farm.database()) {
            long jobExecution = single(db, "select job_execution_id from runs where id = ?", run);
            await("the end of run " + run + "'s job")
                    .atMost(patience)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> single(
                                    db,
                                    "select count(*) from batch_job_execution where job_execution_id = ? and end_time is null",
                                    jobExecution)
                            == 0);
        }
    }

    private static long single(Connection db, String sql, Object parameter) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
