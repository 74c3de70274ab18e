package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.demo.sampleapi.SampleApiServer;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepDetailLevel;
import dev.gantry.model.StepStatus;
import dev.gantry.testsupport.RequestBodies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

/**
 * A data-driven, chained suite run by two worker contexts against a real HTTP server: exact
 * totals in PostgreSQL and Redis, variables flowing down chains, readable failures, expiring
 * details, and PostgreSQL/RabbitMQ traffic that grows with partitions, not with steps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunEndToEndIT {
    static final int ROWS = 300;
    /** create → read back → list (3 steps) + a price check that fails on purpose for expensive rows. */
    static final int CHAINED_CASES = 4;

    static final long STEPS = (long) ROWS * (CHAINED_CASES + 1);
    static final long FAILED = RequestBodies.expensiveRows(ROWS);

    static Farm farm;
    static SampleApiServer target;
    static Api api;
    static UUID suiteId;
    static UUID environmentId;
    static UUID firstRun;
    static UUID tenantId;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        target = SampleApiServer.start(0);
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        // a tenant of its own, on the Pro plan (14 days of retention)
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("e2e").onPlan("Pro"));
        tenantId = tenant.id();
        api = tenant.api();

        UUID project = api.post("/api/v1/projects", Map.of("name", "shop")).id();
        environmentId = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "local",
                                "baseUrl",
                                target.baseUri().toString(),
                                "headers",
                                Map.of("Accept", "application/json")))
                .id();
        suiteId = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "items"))
                .id();

        UUID create = addCase(aCase("create item")
                .post("/items", "{\"name\":\"{{name}}\",\"price\":{{price}}}")
                .expectStatus(201)
                .expectJson("$.id", "exists", null)
                .expectHeader("Location", "exists")
                .extract("id", "BODY", "$.id"));
        UUID read = addCase(aCase("read item back")
                .get("/items/{{id}}")
                .expectStatus(200)
                .expectJson("$.id", "equals", "{{id}}")
                .expectJson("$.name", "equals", "{{name}}")
                .expectJson("$.price", "equals", "{{price}}")
                .dependsOn(create));
        UUID list = addCase(aCase("list items")
                .get("/items")
                .query("limit", "5")
                .expectStatus(200)
                .expectJson("$.count", "greaterThan", "0")
                .dependsOn(read));
        addCase(aCase("price within discount limit")
                .get("/items/{{id}}")
                .expectStatus(200)
                .expectJson("$.price", "lessThan", "100")
                .dependsOn(list));
        addCase(aCase("health").get("/health").expectStatus(200).expectJson("$.status", "equals", "UP"));

        Api.Answer data = api.post(
                "/api/v1/suites/" + suiteId + "/data-sets",
                Map.of("name", "items", "rows", RequestBodies.itemRows(ROWS)));
        assertThat(data.status()).isEqualTo(201);
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
    }

    private static UUID addCase(RequestBodies.CaseBuilder builder) {
        Api.Answer answer = api.post("/api/v1/suites/" + suiteId + "/cases", builder.build());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.id();
    }

    static long[] statementsBefore;

    static JsonNode runToCompletion() {
        statementsBefore = farm.workers.stream().mapToLong(Farm::statements).toArray();
        farm.partitionMessages.set(0);
        Api.Answer triggered = api.post("/api/v1/suites/" + suiteId + "/runs", Map.of("environmentId", environmentId));
        assertThat(triggered.status()).as(triggered.raw()).isEqualTo(202);
        return api.waitForEnd(triggered.id("runId"), Duration.ofMinutes(3));
    }

    @Test
    @Order(1)
    void twoWorkersRunTheSuiteWithExactTotals() throws Exception {
        JsonNode run = runToCompletion();
        firstRun = UUID.fromString(run.get("id").asString());

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        JsonNode totals = run.get("totals");
        assertThat(totals.get("workItems").asLong()).isEqualTo(ROWS * 2L);
        assertThat(totals.get("steps").asLong()).isEqualTo(STEPS);
        assertThat(totals.get("done").asLong()).isEqualTo(STEPS);
        assertThat(totals.get("passed").asLong()).isEqualTo(STEPS - FAILED);
        assertThat(totals.get("failed").asLong()).isEqualTo(FAILED);
        assertThat(totals.get("skipped").asLong()).isZero();
        assertThat(totals.get("errored").asLong()).isZero();
        assertThat(Instant.parse(run.get("firstStepAt").asString()))
                .isBetween(
                        Instant.parse(run.get("createdAt").asString()),
                        Instant.parse(run.get("finishedAt").asString()));
        JsonNode latency = run.get("latency");
        assertThat(latency.get("p50Ms").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(latency.get("p99Ms").asDouble());
        assertThat(latency.get("p99Ms").asDouble())
                .isLessThanOrEqualTo(latency.get("maxMs").asDouble());

        Map<String, long[]> cases = new HashMap<>();
        run.get("cases")
                .forEach(c -> cases.put(c.get("name").asString(), new long[] {
                    c.get("passed").asLong(),
                    c.get("failed").asLong(),
                    c.get("skipped").asLong()
                }));
        assertThat(cases.get("create item")).containsExactly(ROWS, 0, 0);
        assertThat(cases.get("read item back")).containsExactly(ROWS, 0, 0);
        assertThat(cases.get("list items")).containsExactly(ROWS, 0, 0);
        assertThat(cases.get("price within discount limit")).containsExactly(ROWS - FAILED, FAILED, 0);
        assertThat(cases.get("health")).containsExactly(ROWS, 0, 0);

        // the summary in PostgreSQL, and the partitions' counters that add up to it
        try (Connection db = farm.database()) {
            ResultSet r = db.createStatement()
                    .executeQuery(
                            "select status, passed, failed, skipped, errored from runs where id = '" + firstRun + "'");
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("FAILED");
            assertThat(r.getLong(2)).isEqualTo(STEPS - FAILED);
            assertThat(r.getLong(3)).isEqualTo(FAILED);
            ResultSet p = db.createStatement()
                    .executeQuery(
                            "select count(*), sum(steps_done), sum(work_items), count(*) filter (where status = 'COMPLETED')"
                                    + " from run_partitions where run_id = '" + firstRun + "'");
            assertThat(p.next()).isTrue();
            long partitions = p.getLong(1);
            assertThat(partitions).isGreaterThan(2);
            assertThat(p.getLong(2)).isEqualTo(STEPS);
            assertThat(p.getLong(3)).isEqualTo(ROWS * 2L);
            assertThat(p.getLong(4)).isEqualTo(partitions);
            // the partitions' seq ranges cover every work item once (a seq says its row and chain:
            // WorkItemLayout), and each was done to its end
            ResultSet w = db.createStatement()
                    .executeQuery("select min(first_seq), max(last_seq), sum(last_seq - first_seq + 1),"
                            + " count(*) filter (where last_seq_done <> last_seq) from run_partitions where run_id = '"
                            + firstRun + "'");
            assertThat(w.next()).isTrue();
            assertThat(w.getLong(1)).isZero();
            assertThat(w.getLong(2)).isEqualTo(ROWS * 2L - 1);
            assertThat(w.getLong(3)).isEqualTo(ROWS * 2L);
            assertThat(w.getLong(4)).isZero();

            // hot path: one message per partition, and worker SQL grows with partitions/chunks, not steps
            assertThat(farm.partitionMessages.get()).isEqualTo(partitions);
            long[] perWorker = new long[farm.workers.size()];
            for (int i = 0; i < perWorker.length; i++) {
                perWorker[i] = Farm.statements(farm.workers.get(i)) - statementsBefore[i];
            }
            long workerSql = Arrays.stream(perWorker).sum();
            long chunks = (ROWS * 2L + 15) / 16 + partitions;
            System.out.printf(
                    "worker SQL: %d statements for %d steps, %d partitions, %d chunks%n",
                    workerSql, STEPS, partitions, chunks);
            // a statement per step would add 1,500 on top of this bound
            assertThat(workerSql)
                    .as("worker SQL statements for %d steps in %d partitions", STEPS, partitions)
                    .isLessThanOrEqualTo(partitions * 30 + chunks * 4);
            // both workers took part
            assertThat(Arrays.stream(perWorker).min().orElseThrow()).isPositive();
        }
    }

    @Test
    @Order(2)
    void everyStepHasOneDetailInRedisWithThePlansRetention() {
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        RedisKeys keys = new RedisKeys(farm.redisPrefix());
        assertThat(redis.getMap(keys.details(firstRun), StringCodec.INSTANCE).size())
                .isEqualTo((int) STEPS);
        assertThat(redis.getScoredSortedSet(keys.order(firstRun), StringCodec.INSTANCE)
                        .size())
                .isEqualTo((int) STEPS);
        assertThat(redis.getScoredSortedSet(keys.status(firstRun, StepStatus.FAILED), StringCodec.INSTANCE)
                        .size())
                .isEqualTo((int) FAILED);
        long fourteenDays = Duration.ofDays(14).toMillis();
        for (String key :
                List.of(keys.details(firstRun), keys.order(firstRun), keys.status(firstRun, StepStatus.PASSED))) {
            long ttl = redis.getBucket(key).remainTimeToLive();
            assertThat(ttl)
                    .as("TTL of %s", key)
                    .isBetween(fourteenDays - Duration.ofHours(1).toMillis(), fourteenDays);
        }
    }

    @Test
    @Order(3)
    void extractedVariablesReachLaterStepsOfTheChain() {
        JsonNode page = api.get("/api/v1/runs/" + firstRun + "/steps?size=8").body();
        assertThat(page.get("total").asLong()).isEqualTo(STEPS);
        JsonNode items = page.get("items");
        // seq 0 is the first row's item chain: create, read, list, price check
        JsonNode create = items.get(0);
        JsonNode read = items.get(1);
        assertThat(create.get("caseName").asString()).isEqualTo("create item");
        assertThat(read.get("caseName").asString()).isEqualTo("read item back");
        String createdId = Api.JSON
                .readTree(create.get("responseBody").asString())
                .get("id")
                .asString();
        assertThat(read.get("url").asString()).endsWith("/items/" + createdId);
        assertThat(read.get("status").asString()).isEqualTo("PASSED");
        assertThat(create.get("requestBody").asString()).isEqualTo("{\"name\":\"item-0\",\"price\":1.99}");
    }

    @Test
    @Order(4)
    void aFailingExpectationIsReportedWithExpectedAndActual() {
        JsonNode page = api.get("/api/v1/runs/" + firstRun + "/steps?status=failed&size=500")
                .body();
        assertThat(page.get("total").asLong()).isEqualTo(FAILED);
        assertThat(page.get("items")).hasSize((int) FAILED);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("caseName").asString()).isEqualTo("price within discount limit");
        assertThat(first.get("rowIndex").asInt()).isEqualTo(9);
        JsonNode failure = first.get("failures").get(0);
        assertThat(failure.get("check").asString()).isEqualTo("$.price lessThan");
        assertThat(failure.get("expected").asString()).isEqualTo("a number < 100");
        assertThat(failure.get("actual").asString()).isEqualTo("102.5");
    }

    @Test
    @Order(5)
    void oneOrThreeWorkersGiveTheSameVerdictsAsTwo() {
        farm.stopWorker(1);
        try {
            assertSameVerdictsAsTheFirstRun(runToCompletion());
        } finally {
            farm.startWorker();
        }
        farm.startWorker();
        try {
            assertThat(farm.workers).hasSize(3);
            assertSameVerdictsAsTheFirstRun(runToCompletion());
        } finally {
            farm.stopWorker(2);
        }
    }

    private static void assertSameVerdictsAsTheFirstRun(JsonNode run) {
        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("totals").get("passed").asLong()).isEqualTo(STEPS - FAILED);
        assertThat(run.get("totals").get("failed").asLong()).isEqualTo(FAILED);
        JsonNode first = api.get("/api/v1/runs/" + firstRun).body().get("cases");
        for (int i = 0; i < first.size(); i++) {
            JsonNode a = first.get(i);
            JsonNode b = run.get("cases").get(i);
            assertThat(b.get("name").asString()).isEqualTo(a.get("name").asString());
            assertThat(b.get("passed").asLong()).isEqualTo(a.get("passed").asLong());
            assertThat(b.get("failed").asLong()).isEqualTo(a.get("failed").asLong());
        }
        // the same rows fail, whoever ran them
        JsonNode failed = api.get("/api/v1/runs/" + run.get("id").asString() + "/steps?status=failed&size=500")
                .body();
        assertThat(failed.get("items").findValues("rowIndex").stream()
                        .map(JsonNode::asInt)
                        .toList())
                .isEqualTo(IntStream.range(0, ROWS)
                        .filter(i -> i % 10 == 9)
                        .boxed()
                        .toList());
    }

    @Test
    @Order(6)
    void whenDetailsExpireTheSummaryStaysAndDetailsAnswerGone() {
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        RedisKeys keys = new RedisKeys(farm.redisPrefix());
        // let Redis expire them, as retention would, only sooner
        for (StepStatus status : StepStatus.values()) {
            redis.getBucket(keys.status(firstRun, status)).expire(Duration.ofMillis(1));
        }
        redis.getBucket(keys.details(firstRun)).expire(Duration.ofMillis(1));
        redis.getBucket(keys.order(firstRun)).expire(Duration.ofMillis(1));
        await("Redis to expire the run's details")
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(
                        () -> assertThat(redis.getKeys().countExists(keys.details(firstRun), keys.order(firstRun)))
                                .isZero());

        Api.Answer steps = api.get("/api/v1/runs/" + firstRun + "/steps");
        assertThat(steps.status()).isEqualTo(410);
        assertThat(steps.text("code")).isEqualTo("expired");
        JsonNode summary = api.get("/api/v1/runs/" + firstRun).body();
        assertThat(summary.get("totals").get("failed").asLong()).isEqualTo(FAILED);
        assertThat(summary.get("cases")).hasSize(CHAINED_CASES + 1);
    }

    @Test
    @Order(7)
    void aSuiteKeepingFailuresAndASampleKeepsFailedChainsWholeAndAbridgesPassedOnes() {
        Api.Answer updated =
                api.put("/api/v1/suites/" + suiteId, Map.of("name", "items", "stepDetails", "failures_and_sample"));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.text("stepDetails")).isEqualTo("FAILURES_AND_SAMPLE");
        Api.Answer refused = api.put("/api/v1/suites/" + suiteId, Map.of("name", "items", "stepDetails", "some"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.raw()).contains("stepDetails").contains("FAILURES_AND_SAMPLE");
        try {
            JsonNode run = runToCompletion();
            assertSameVerdictsAsTheFirstRun(run);
            String runId = run.get("id").asString();
            List<JsonNode> steps = new java.util.ArrayList<>();
            for (int page = 0; steps.size() < STEPS; page++) {
                JsonNode items = api.get("/api/v1/runs/" + runId + "/steps?size=500&page=" + page)
                        .body()
                        .get("items");
                assertThat(items).as("page %d", page).isNotEmpty();
                items.forEach(steps::add);
            }
            assertThat(steps).hasSize((int) STEPS);
            long whole = 0;
            for (JsonNode step : steps) {
                boolean priceChain = !step.get("caseName").asString().equals("health");
                boolean failedChain = priceChain && step.get("rowIndex").asInt() % 10 == 9;
                boolean sample = step.get("workItemSeq").asLong() % StepDetailLevel.SAMPLE_EVERY == 0;
                // what was called and how it went is always there
                assertThat(step.get("url").asString())
                        .startsWith(target.baseUri().toString());
                assertThat(step.get("responseStatus").asInt()).isIn(200, 201);
                assertThat(step.get("durationMicros").asLong()).isPositive();
                if (failedChain || sample) {
                    whole++;
                    assertThat(step.path("abridged").asBoolean(false))
                            .as(step.toString())
                            .isFalse();
                    assertThat(step.get("requestHeaders").toString().toLowerCase())
                            .as(step.toString())
                            .contains("\"accept\"");
                    assertThat(step.get("responseBody").asString())
                            .as(step.toString())
                            .isNotEmpty();
                } else {
                    assertThat(step.get("abridged").asBoolean())
                            .as(step.toString())
                            .isTrue();
                    assertThat(step.get("requestHeaders").isEmpty()).isTrue();
                    assertThat(step.get("responseHeaders").isEmpty()).isTrue();
                    assertThat(step.path("responseBody").isNull())
                            .as(step.toString())
                            .isTrue();
                }
            }
            // the failed chains' four steps, and the sampled chains' four
            assertThat(whole).isEqualTo(4 * (FAILED + ROWS / (StepDetailLevel.SAMPLE_EVERY / 2)));
        } finally {
            api.put("/api/v1/suites/" + suiteId, Map.of("name", "items", "stepDetails", "ALL"));
        }
    }
}
