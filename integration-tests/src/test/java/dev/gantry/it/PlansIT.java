package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.RedisKeys;
import dev.gantry.testsupport.TargetPace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Plans as limits: create-time limits, the monthly run quota under racing triggers, concurrent
 * runs queued and admitted in order, partitions per tenant, and a small tenant's run served
 * quickly while another tenant has hundreds of partitions out.
 */
class PlansIT {
    static Farm farm;
    static HttpServer target;
    static Api admin;
    /** When the target received each request (nanoTime), for the rate limiter's test. */
    static final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void setUp() {
        // tiny partitions, so that one run makes hundreds of them
        farm = Farm.withControlPlane(
                2,
                Map.of(
                        "gantry.runs.min-work-items-per-partition", "4",
                        "gantry.runs.max-work-items-per-partition", "4",
                        "gantry.runs.max-partitions", "1000"));
        target = TestTargets.start("/", exchange -> {
            arrivals.add(System.nanoTime());
            String query = exchange.getRequestURI().getQuery();
            int delay = query != null && query.startsWith("delay=")
                    ? Integer.parseInt(query.substring("delay=".length()))
                    : 0;
            TargetPace.pauseMillis(delay);
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
        if (farm != null) {
            farm.close();
        }
    }

    /** A tenant on a plan of its own with the given limits (the others unlimited). */
    record Tenant(UUID id, Api api, String plan) {}

    static Tenant tenantWith(Map<String, Object> limits) {
        String plan = "plan-" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", plan);
        body.put("limits", limits);
        Api.Answer created = admin.post("/api/v1/admin/plans", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().onPlan(plan));
        return new Tenant(tenant.id(), tenant.api(), plan);
    }

    /** A suite of one case calling the target {@code rows} times, each answer after {@code delayMs}. */
    static UUID[] suite(Api api, int rows, int delayMs) {
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("call")
                        .get("/call")
                        .query("delay", String.valueOf(delayMs))
                        .build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        if (rows > 1) {
            Scenarios.numberedRows(api, suite, rows);
        }
        return new UUID[] {suite, environment};
    }

    static Api.Answer trigger(Api api, UUID[] suite) {
        return api.post("/api/v1/suites/" + suite[0] + "/runs", Map.of("environmentId", suite[1]));
    }

    static void assertPlanLimit(Api.Answer answer, int status, String limit, long allowed, String plan) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.text("code")).isEqualTo("plan-limit");
        assertThat(answer.text("limit")).isEqualTo(limit);
        assertThat(answer.body().get("allowed").asLong()).isEqualTo(allowed);
        assertThat(answer.body().get("usage").asLong()).isEqualTo(allowed);
        assertThat(answer.text("plan")).isEqualTo(plan);
    }

    @Test
    void createTimeLimitsAnswerAProblemNamingTheLimitTheUsageAndThePlan() throws IOException {
        Tenant tenant = tenantWith(Map.of("MaxProjects", 1, "MaxTestCasesPerSuite", 1));
        UUID[] first = suite(tenant.api(), 1, 0);

        Api.Answer secondProject = tenant.api().post("/api/v1/projects", Map.of("name", "one too many"));
        assertPlanLimit(secondProject, 403, "MaxProjects", 1, tenant.plan());
        Api.Answer secondCase = tenant.api()
                .post(
                        "/api/v1/suites/" + first[0] + "/cases",
                        aCase("two").get("/x").build());
        assertPlanLimit(secondCase, 403, "MaxTestCasesPerSuite", 1, tenant.plan());

        // nothing of the refused requests was stored
        assertThat(tenant.api().get("/api/v1/projects").body().size()).isEqualTo(1);
        assertThat(tenant.api()
                        .get("/api/v1/suites/" + first[0] + "/cases")
                        .body()
                        .size())
                .isEqualTo(1);

        // a specification with more endpoints than the plan allows is refused, nothing stored
        Tenant small = tenantWith(Map.of("MaxEndpointsPerProject", 2));
        UUID project = Scenarios.workspace(small.api(), "http://127.0.0.1:1").project();
        String petstore = Files.readString(Path.of("../control-plane/src/test/resources/specs/petstore-3.0.yaml"));
        Api.Answer tooBig = small.api()
                .send("POST", "/api/v1/projects/" + project + "/specs?label=v1", petstore, "application/yaml");
        assertThat(tooBig.status()).as(tooBig.raw()).isEqualTo(403);
        assertThat(tooBig.text("limit")).isEqualTo("MaxEndpointsPerProject");
        assertThat(tooBig.body().get("allowed").asLong()).isEqualTo(2);
        assertThat(tooBig.body().get("usage").asLong()).isEqualTo(3);
        assertThat(small.api()
                        .get("/api/v1/projects/" + project + "/specs")
                        .body()
                        .size())
                .isZero();

        // a bad plan is refused naming the field
        Api.Answer badPlan =
                admin.post("/api/v1/admin/plans", Map.of("name", "bad", "limits", Map.of("MaxWidgets", 1)));
        assertThat(badPlan.status()).isEqualTo(400);
        assertThat(badPlan.raw()).contains("limits.MaxWidgets");
    }

    /** A Postman collection v2.1 of GET requests named {@code names}, with one collection variable. */
    static String collection(List<String> names) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String name : names) {
            items.add(Map.of("name", name, "request", Map.of("method", "GET", "url", "{{baseUrl}}/items/" + name)));
        }
        return Api.JSON.writeValueAsString(Map.of(
                "info",
                Map.of(
                        "name",
                        "limits",
                        "schema",
                        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"),
                "variable",
                List.of(Map.of("key", "fromPostman", "value", "yes")),
                "item",
                items));
    }

    static Api.Answer importPostman(Api api, UUID suite, List<String> names) {
        return api.send("POST", "/api/v1/suites/" + suite + "/import/postman", collection(names));
    }

    static int casesOf(Api api, UUID suite) {
        return api.get("/api/v1/suites/" + suite + "/cases").body().size();
    }

    /**
     * A generation is a job: the plan's refusal is its status's problem (FAILED, nothing written), the
     * same problem detail the request answered when generation ran inside it.
     */
    static Api.Answer failedGeneration(Api.Answer generation) {
        assertThat(generation.status()).as(generation.raw()).isEqualTo(200);
        assertThat(generation.text("state")).as(generation.raw()).isEqualTo("FAILED");
        assertThat(generation.body().get("report").isNull()).isTrue();
        JsonNode problem = generation.body().get("problem");
        return new Api.Answer(problem.get("status").asInt(), problem, problem.toString(), generation.headers());
    }

    static void assertCaseLimit(Api.Answer answer, long allowed, long usage, String plan) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(403);
        assertThat(answer.text("code")).isEqualTo("plan-limit");
        assertThat(answer.text("limit")).isEqualTo("MaxTestCasesPerSuite");
        assertThat(answer.body().get("allowed").asLong()).isEqualTo(allowed);
        assertThat(answer.body().get("usage").asLong()).isEqualTo(usage);
        assertThat(answer.text("plan")).isEqualTo(plan);
    }

    @Test
    void aPostmanImportOrAGenerationThatWouldPassTheCaseLimitIsRefusedWholeAndOneThatReachesItIsTaken()
            throws IOException {
        Tenant tenant = tenantWith(Map.of("MaxTestCasesPerSuite", 3));
        Scenarios.Workspace workspace = Scenarios.workspace(tenant.api(), "http://127.0.0.1:1");
        UUID suite = workspace.suite();
        assertThat(tenant.api()
                        .post(
                                "/api/v1/suites/" + suite + "/cases",
                                aCase("hand-made").get("/x").build())
                        .status())
                .isEqualTo(201);

        // 1 + 3 > 3: nothing of the collection is stored, not even its variables
        assertCaseLimit(importPostman(tenant.api(), suite, List.of("a", "b", "c")), 3, 1, tenant.plan());
        assertThat(casesOf(tenant.api(), suite)).isEqualTo(1);
        assertThat(tenant.api().get("/api/v1/suites/" + suite).raw()).doesNotContain("fromPostman");
        // 1 + 2 = 3: exactly at the limit is fine
        Api.Answer fits = importPostman(tenant.api(), suite, List.of("a", "b"));
        assertThat(fits.status()).as(fits.raw()).isEqualTo(201);
        assertThat(fits.body().get("created").size()).isEqualTo(2);
        assertThat(casesOf(tenant.api(), suite)).isEqualTo(3);
        assertCaseLimit(importPostman(tenant.api(), suite, List.of("d")), 3, 3, tenant.plan());

        // generation from the petstore: every kind makes 9 cases, the happy paths 3
        String petstore = Files.readString(Path.of("../control-plane/src/test/resources/specs/petstore-3.0.yaml"));
        assertThat(tenant.api()
                        .send(
                                "POST",
                                "/api/v1/projects/" + workspace.project() + "/specs?label=v1",
                                petstore,
                                "application/yaml")
                        .status())
                .isEqualTo(201);
        UUID generated = tenant.api()
                .post("/api/v1/projects/" + workspace.project() + "/suites", Map.of("name", "generated"))
                .id();
        assertCaseLimit(failedGeneration(tenant.api().generate(generated, Map.of())), 3, 0, tenant.plan());
        assertThat(casesOf(tenant.api(), generated)).isZero();
        assertThat(tenant.api()
                        .get("/api/v1/suites/" + generated + "/generated")
                        .body()
                        .size())
                .isZero();
        Api.Answer happy = tenant.api().generate(generated, Map.of("kinds", List.of("happy")));
        assertThat(happy.text("state")).as(happy.raw()).isEqualTo("COMPLETED");
        assertThat(happy.body().get("report").get("created").size()).isEqualTo(3);
        assertThat(casesOf(tenant.api(), generated)).isEqualTo(3);
        // generating again only updates what was generated: a full suite still regenerates
        Api.Answer again = tenant.api().generate(generated, Map.of("kinds", List.of("happy")));
        assertThat(again.text("state")).as(again.raw()).isEqualTo("COMPLETED");
        assertThat(again.body().get("report").get("unchanged").asInt()).isEqualTo(3);
        assertCaseLimit(
                failedGeneration(tenant.api().generate(generated, Map.of("kinds", List.of("boundary")))),
                3,
                3,
                tenant.plan());
        assertThat(casesOf(tenant.api(), generated)).isEqualTo(3);
    }

    @Test
    void concurrentImportsAndCreationsNeverTakeASuitePastItsCaseLimit() throws Exception {
        int limit = 6;
        Tenant tenant = tenantWith(Map.of("MaxTestCasesPerSuite", limit));
        UUID suite = Scenarios.workspace(tenant.api(), "http://127.0.0.1:1").suite();
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                int racer = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    // half import two cases each, half create one
                    return racer % 2 == 0
                            ? importPostman(
                                    tenant.api(), suite, List.of("import-" + racer + "-a", "import-" + racer + "-b"))
                            : tenant.api()
                                    .post(
                                            "/api/v1/suites/" + suite + "/cases",
                                            aCase("single-" + racer).get("/x").build());
                }));
            }
            start.countDown();
        }
        int stored = 0;
        for (int i = 0; i < racers; i++) {
            Api.Answer answer = answers.get(i).get();
            assertThat(answer.status()).as(answer.raw()).isIn(201, 403);
            if (answer.status() == 201) {
                stored += i % 2 == 0 ? 2 : 1;
            } else {
                assertThat(answer.text("limit")).isEqualTo("MaxTestCasesPerSuite");
            }
        }
        assertThat(casesOf(tenant.api(), suite)).isEqualTo(stored).isLessThanOrEqualTo(limit);
        // 4 imports of 2 and 4 creations of 1 ask for 12: the limit was reached, or nearly (an import of 2
        // refused with one place left)
        assertThat(stored).isGreaterThanOrEqualTo(limit - 1);
    }

    @Test
    void racingTriggersForTheLastRunOfTheMonthLetExactlyOneThrough() throws Exception {
        Tenant tenant = tenantWith(Map.of("MaxTestRunsPerMonth", 3));
        UUID[] suite = suite(tenant.api(), 1, 0);
        assertThat(trigger(tenant.api(), suite).status()).isEqualTo(202);
        assertThat(trigger(tenant.api(), suite).status()).isEqualTo(202);

        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return trigger(tenant.api(), suite);
                }));
            }
            start.countDown();
        }
        List<Api.Answer> done = new ArrayList<>();
        for (Future<Api.Answer> answer : answers) {
            done.add(answer.get());
        }
        assertThat(done).filteredOn(a -> a.status() == 202).hasSize(1);
        List<Api.Answer> refused = done.stream().filter(a -> a.status() != 202).toList();
        assertThat(refused).hasSize(racers - 1);
        for (Api.Answer answer : refused) {
            assertPlanLimit(answer, 429, "MaxTestRunsPerMonth", 3, tenant.plan());
            // Retry-After: the seconds until the next calendar month (UTC)
            long retryAfter = Long.parseLong(answer.header("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 31L * 24 * 3600);
        }
        JsonNode usage = admin.get("/api/v1/admin/tenants/" + tenant.id()).body();
        assertThat(usage.get("usage").get("runs").asLong()).isEqualTo(3);
        assertThat(farm.controlPlane
                        .getBean(MeterRegistry.class)
                        .get("gantry.plans.refusals")
                        .tag("limit", "MaxTestRunsPerMonth")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(racers - 1);

        // a plan change applies to the next trigger; the history keeps the old subscription
        Api.Answer upgraded =
                admin.put("/api/v1/admin/tenants/" + tenant.id() + "/subscription", Map.of("plan", "Enterprise"));
        assertThat(upgraded.status()).as(upgraded.raw()).isEqualTo(200);
        assertThat(upgraded.body().get("subscriptions").size()).isEqualTo(2);
        assertThat(trigger(tenant.api(), suite).status()).isEqualTo(202);

        // a cancelled subscription starts nothing
        admin.put("/api/v1/admin/tenants/" + tenant.id() + "/subscription", Map.of("status", "cancelled"));
        Api.Answer cancelled = trigger(tenant.api(), suite);
        assertThat(cancelled.status()).isEqualTo(403);
        assertThat(cancelled.text("code")).isEqualTo("subscription-inactive");
    }

    /** Samples, per tenant, the runs RUNNING and the partitions executing at once, every 20 ms. */
    static final class Sampler implements AutoCloseable {
        final Map<UUID, Integer> maxRuns = new ConcurrentHashMap<>();
        final Map<UUID, Integer> maxPartitions = new ConcurrentHashMap<>();
        final Connection db;
        final Statement s;
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final ScheduledFuture<?> sampling;
        volatile int samples;

        Sampler() throws SQLException {
            db = farm.database();
            s = db.createStatement();
            sampling = timer.scheduleWithFixedDelay(this::sample, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            try {
                try (ResultSet rs = s.executeQuery(
                        "select tenant_id, count(*) from runs where status = 'RUNNING' group by tenant_id")) {
                    while (rs.next()) {
                        maxRuns.merge(rs.getObject(1, UUID.class), rs.getInt(2), Math::max);
                    }
                }
                try (ResultSet rs = s.executeQuery(
                        """
                        select r.tenant_id, count(*) from batch_step_execution e
                        join run_partitions p on p.step_execution_id = e.step_execution_id
                        join runs r on r.id = p.run_id
                        where e.status = 'STARTED' group by r.tenant_id
                        """)) {
                    while (rs.next()) {
                        maxPartitions.merge(rs.getObject(1, UUID.class), rs.getInt(2), Math::max);
                    }
                }
                samples++;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            timer.shutdown();
            assertThat(timer.awaitTermination(10, TimeUnit.SECONDS))
                    .as("the sampler stopped")
                    .isTrue();
            if (sampling.isDone() && !sampling.isCancelled()) {
                sampling.get(); // a failed sample stopped the sampling: its exception fails the test
            }
            s.close();
            db.close();
        }
    }

    @Test
    void runsOverTheLimitQueueStartInOrderAndASmallTenantIsServedBesideABigOne() throws Exception {
        Tenant big = tenantWith(Map.of("MaxConcurrentRuns", 5));
        Tenant one = tenantWith(Map.of("MaxConcurrentRuns", 1, "MaxParallelPartitions", 2));
        Tenant two = tenantWith(Map.of("MaxConcurrentRuns", 2, "MaxParallelPartitions", 3));
        UUID[] bigSuite = suite(big.api(), 1600, 20);
        UUID[] oneSuite = suite(one.api(), 16, 50);
        UUID[] twoSuite = suite(two.api(), 16, 50);

        Map<UUID, List<UUID>> runsByTenant = new HashMap<>();
        UUID bigRun;
        try (Sampler sampler = new Sampler()) {
            // the big tenant puts 400 partitions out first
            bigRun = trigger(big.api(), bigSuite).id("runId");
            waitForPartitionsOut(bigRun, 100);
            for (int i = 0; i < 3; i++) {
                runsByTenant
                        .computeIfAbsent(one.id(), k -> new ArrayList<>())
                        .add(trigger(one.api(), oneSuite).id("runId"));
                runsByTenant
                        .computeIfAbsent(two.id(), k -> new ArrayList<>())
                        .add(trigger(two.api(), twoSuite).id("runId"));
            }
            JsonNode queue = admin.get("/api/v1/admin/queue").body();
            assertThat(queue.toString()).contains(one.id().toString()).contains("MaxConcurrentRuns");
            for (Tenant tenant : List.of(one, two)) {
                for (UUID run : runsByTenant.get(tenant.id())) {
                    JsonNode end = tenant.api().waitForEnd(run, Duration.ofMinutes(2));
                    assertThat(end.get("status").asString())
                            .as(() -> end + " "
                                    + tenant.api()
                                            .get("/api/v1/runs/" + run + "/steps?status=errored&size=1")
                                            .raw())
                            .isEqualTo("PASSED");
                }
            }
            assertThat(sampler.samples).isGreaterThan(10);
            assertThat(sampler.maxRuns.get(one.id())).isEqualTo(1);
            assertThat(sampler.maxRuns.get(two.id())).isBetween(1, 2);
            assertThat(sampler.maxPartitions.getOrDefault(one.id(), 0)).isBetween(1, 2);
            assertThat(sampler.maxPartitions.getOrDefault(two.id(), 0)).isBetween(1, 3);
        }

        assertThat(big.api()
                        .waitForEnd(bigRun, Duration.ofMinutes(3))
                        .get("status")
                        .asString())
                .isEqualTo("PASSED");
        try (Connection db = farm.database();
                Statement s = db.createStatement()) {
            for (Map.Entry<UUID, List<UUID>> tenant : runsByTenant.entrySet()) {
                // queued runs start in the order they were triggered
                List<UUID> byStart = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(
                        "select id from runs where tenant_id = '" + tenant.getKey() + "' order by started_at")) {
                    while (rs.next()) {
                        byStart.add(rs.getObject(1, UUID.class));
                    }
                }
                assertThat(byStart).containsExactlyElementsOf(tenant.getValue());
            }
            // each of the one-run tenant's later runs started within 2 s of the permit coming free,
            // and its first partition executed within 2 s, while the big run still had partitions out
            List<UUID> ones = runsByTenant.get(one.id());
            Timestamp bigEnd = timestamp(s, "select finished_at from runs where id = '" + bigRun + "'");
            for (int i = 1; i < ones.size(); i++) {
                Timestamp freed = timestamp(s, "select finished_at from runs where id = '" + ones.get(i - 1) + "'");
                Timestamp started = timestamp(s, "select started_at from runs where id = '" + ones.get(i) + "'");
                Timestamp firstStep = timestamp(s, "select first_step_at from runs where id = '" + ones.get(i) + "'");
                assertThat(Duration.between(freed.toInstant(), started.toInstant()))
                        .isLessThan(Duration.ofSeconds(2));
                assertThat(Duration.between(started.toInstant(), firstStep.toInstant()))
                        .isLessThan(Duration.ofSeconds(2));
                assertThat(firstStep).isBefore(bigEnd);
            }
        }
        assertThat(big.api()
                        .waitForEnd(bigRun, Duration.ofMinutes(3))
                        .get("status")
                        .asString())
                .isEqualTo("PASSED");
    }

    @Test
    void threeWorkersTogetherStayWithinTheRequestsPerSecondOfThePlan() throws Exception {
        int perSecond = 50;
        int rows = 300;
        Tenant tenant = tenantWith(Map.of("MaxRequestsPerSecond", perSecond));
        UUID[] suite = suite(tenant.api(), rows, 0);
        if (farm.workers.size() < 3) {
            farm.startWorker();
        }
        List<Double> stepsBefore = farm.workers.stream().map(PlansIT::stepsOf).toList();
        arrivals.clear();

        UUID run = trigger(tenant.api(), suite).id("runId");
        JsonNode end = tenant.api().waitForEnd(run, Duration.ofMinutes(2));

        assertThat(end.get("status").asString()).as(end.toString()).isEqualTo("PASSED");
        List<Long> times = arrivals.stream().sorted().toList();
        assertThat(times).hasSize(rows);
        // measured by the target: no second holds more than the plan allows (10 % tolerance) ...
        int busiest = 0;
        for (int first = 0, last = 0; last < times.size(); last++) {
            while (times.get(last) - times.get(first) >= 1_000_000_000L) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        assertThat(busiest).isLessThanOrEqualTo(perSecond * 11 / 10);
        // ... and the limiter does not throttle far below it
        double seconds = (times.getLast() - times.getFirst()) / 1e9;
        assertThat(rows / seconds).isBetween(perSecond * 0.8, perSecond * 1.1);
        // all three workers sent requests
        for (int i = 0; i < 3; i++) {
            assertThat(stepsOf(farm.workers.get(i))).isGreaterThan(stepsBefore.get(i));
        }
    }

    @Test
    void aDowngradeNeverStopsRunningRunsAndHoldsFromTheNextAdmission() throws Exception {
        Tenant tenant = tenantWith(Map.of("MaxConcurrentRuns", 2));
        UUID[] suite = suite(tenant.api(), 8, 1_000);
        UUID first = trigger(tenant.api(), suite).id("runId");
        UUID second = trigger(tenant.api(), suite).id("runId");
        waitUntilRunning(tenant.api(), first);
        waitUntilRunning(tenant.api(), second);

        String smaller = "smaller-" + UUID.randomUUID();
        admin.post("/api/v1/admin/plans", Map.of("name", smaller, "limits", Map.of("MaxConcurrentRuns", 1)));
        assertThat(admin.put("/api/v1/admin/tenants/" + tenant.id() + "/subscription", Map.of("plan", smaller))
                        .status())
                .isEqualTo(200);
        UUID third = trigger(tenant.api(), suite).id("runId");

        for (UUID run : List.of(first, second, third)) {
            assertThat(tenant.api()
                            .waitForEnd(run, Duration.ofMinutes(1))
                            .get("status")
                            .asString())
                    .isEqualTo("PASSED");
        }
        try (Connection db = farm.database();
                Statement s = db.createStatement()) {
            // both runs admitted before the downgrade finished; the third waited for both permits back
            Timestamp firstEnd = timestamp(s, "select finished_at from runs where id = '" + first + "'");
            Timestamp secondEnd = timestamp(s, "select finished_at from runs where id = '" + second + "'");
            Timestamp thirdStart = timestamp(s, "select admitted_at from runs where id = '" + third + "'");
            assertThat(thirdStart).isAfterOrEqualTo(firstEnd).isAfterOrEqualTo(secondEnd);
        }
    }

    private static void waitUntilRunning(Api api, UUID run) {
        await("run " + run + " running")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(25))
                .untilAsserted(() -> assertThat(api.get("/api/v1/runs/" + run).text("status"))
                        .isEqualTo("RUNNING"));
    }

    @Test
    void expiredRunDataLeavesPostgreSQLDetailsFirstSummariesLater() throws Exception {
        Tenant tenant = tenantWith(Map.of("RetentionDays", 1));
        UUID[] suite = suite(tenant.api(), 3, 0);
        UUID run = trigger(tenant.api(), suite).id("runId");
        assertThat(tenant.api()
                        .waitForEnd(run, Duration.ofMinutes(1))
                        .get("status")
                        .asString())
                .isEqualTo("PASSED");
        // usage counts the run, its steps and the bytes of its details exactly as Redis holds them
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        long stored = redis
                .<String, String>getMap(new RedisKeys(farm.redisPrefix()).details(run), StringCodec.INSTANCE)
                .readAllValues()
                .stream()
                .mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        JsonNode usage =
                admin.get("/api/v1/admin/tenants/" + tenant.id()).body().get("usage");
        assertThat(usage.get("runs").asLong()).isEqualTo(1);
        assertThat(usage.get("steps").asLong()).isEqualTo(3);
        assertThat(usage.get("projects").asLong()).isEqualTo(1);
        assertThat(usage.get("detailBytes").asLong()).isPositive().isEqualTo(stored);

        try (Connection db = farm.database();
                Statement s = db.createStatement()) {
            long job = count(s, "select job_execution_id from runs where id = '" + run + "'");
            s.executeUpdate("update runs set results_expire_at = now() - interval '1 minute' where id = '" + run + "'");

            JsonNode purged =
                    admin.post("/api/v1/admin/retention/purge", Map.of()).body();
            assertThat(purged.get("details").asLong()).isGreaterThanOrEqualTo(1);
            for (String table : List.of("run_partitions", "run_snapshots")) {
                assertThat(count(s, "select count(*) from " + table + " where run_id = '" + run + "'"))
                        .as(table)
                        .isZero();
            }
            assertThat(count(s, "select count(*) from batch_job_execution where job_execution_id = " + job))
                    .isZero();
            assertThat(count(s, "select count(*) from batch_step_execution where job_execution_id = " + job))
                    .isZero();
            // the summary stays: totals and per-case results; the details answer 410 Gone
            JsonNode summary = tenant.api().get("/api/v1/runs/" + run).body();
            assertThat(summary.get("totals").get("passed").asLong()).isEqualTo(3);
            assertThat(summary.get("cases").get(0).get("passed").asLong()).isEqualTo(3);
            assertThat(tenant.api().get("/api/v1/runs/" + run + "/steps").status())
                    .isEqualTo(410);

            s.executeUpdate("update runs set finished_at = now() - interval '401 days' where id = '" + run + "'");
            assertThat(admin.post("/api/v1/admin/retention/purge", Map.of())
                            .body()
                            .get("summaries")
                            .asLong())
                    .isGreaterThanOrEqualTo(1);
            assertThat(tenant.api().get("/api/v1/runs/" + run).status()).isEqualTo(404);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double stepsOf(ConfigurableApplicationContext worker) {
        return worker.getBean(MeterRegistry.class).find("gantry.steps").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static void waitForPartitionsOut(UUID run, int count) throws SQLException {
        try (Connection db = farm.database();
                Statement s = db.createStatement()) {
            await("run " + run + " with " + count + " partitions out")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> count(s, "select count(*) from run_partitions where run_id = '" + run + "'") >= count);
        }
    }

    private static Timestamp timestamp(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            Timestamp value = rs.getTimestamp(1);
            assertThat(value).as(sql).isNotNull();
            return value;
        }
    }
}
