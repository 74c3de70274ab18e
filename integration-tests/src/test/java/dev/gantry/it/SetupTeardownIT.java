package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.RequestBodies;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Run-once setup and teardown cases, and cases pinning one data set, end to end on two workers: a
 * login once per run whose token every partition uses, a cleanup once after everything, and a
 * case that runs only with its own data set's rows.
 */
class SetupTeardownIT {
    static final int SHARED_ROWS = 40;
    static final int VIP_ROWS = 5;

    static Farm farm;
    static HttpServer target;
    static final AtomicInteger logins = new AtomicInteger();
    static final AtomicInteger cleanups = new AtomicInteger();
    static final AtomicInteger authorizedOrders = new AtomicInteger();
    static final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    static final Set<String> vipOrders = ConcurrentHashMap.newKeySet();
    static volatile boolean loginFails;
    static volatile int ordersBeforeCleanup = -1;

    Api api;
    UUID environment;
    UUID suite;

    @BeforeAll
    static void startTarget() {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals("/login")) {
                logins.incrementAndGet();
                if (loginFails) {
                    TestTargets.json(exchange, 500, "{\"error\":\"login is down\"}");
                    return;
                }
                String token = "tok-" + UUID.randomUUID();
                issuedTokens.add(token);
                TestTargets.json(exchange, 200, "{\"token\":\"" + token + "\"}");
            } else if (method.equals("GET") && path.startsWith("/orders/")) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                boolean authorized = auth != null && issuedTokens.contains(auth.replace("Bearer ", ""));
                if (authorized) {
                    authorizedOrders.incrementAndGet();
                    if ("vip=true".equals(exchange.getRequestURI().getQuery())) {
                        vipOrders.add(path.substring("/orders/".length()));
                    }
                }
                TestTargets.json(exchange, authorized ? 200 : 401, "{\"ok\":" + authorized + "}");
            } else if (method.equals("DELETE") && path.equals("/cleanup")) {
                ordersBeforeCleanup = authorizedOrders.get();
                cleanups.incrementAndGet();
                TestTargets.json(exchange, 200, "{\"cleaned\":true}");
            } else {
                TestTargets.json(exchange, 404, "{}");
            }
        });
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.stop(0);
        }
    }

    @BeforeEach
    void freshSuite() {
        logins.set(0);
        cleanups.set(0);
        authorizedOrders.set(0);
        vipOrders.clear();
        loginFails = false;
        ordersBeforeCleanup = -1;
        api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        environment = workspace.environment();
        suite = workspace.suite();
    }

    /** login (setup) → order per shared row, vip order per vip row → cleanup (teardown). */
    private Map<String, UUID> ordersSuite() {
        Map<String, UUID> ids = new HashMap<>();
        UUID shared = dataSet(
                "shared",
                IntStream.range(0, SHARED_ROWS).mapToObj(String::valueOf).toList());
        UUID vip = dataSet(
                "vip", IntStream.range(0, VIP_ROWS).mapToObj(i -> "vip" + i).toList());
        ids.put("vipSet", vip);
        ids.put("cleanup", create(aCase("cleanup").phase("teardown").request("DELETE", "/cleanup")));
        ids.put(
                "login",
                create(aCase("login")
                        .phase("setup")
                        .post("/login", "{\"user\":\"ci\"}")
                        .expectStatus(200)
                        .extract("token", "BODY", "$.token")));
        ids.put(
                "order",
                create(aCase("order")
                        .get("/orders/{{n}}")
                        .header("Authorization", "Bearer {{token}}")
                        .expectStatus(200)));
        ids.put(
                "vip",
                create(aCase("vip")
                        .get("/orders/{{n}}")
                        .query("vip", "true")
                        .header("Authorization", "Bearer {{token}}")
                        .pin(vip)
                        .expectStatus(200)));
        assertThat(shared).isNotNull();
        return ids;
    }

    private UUID dataSet(String name, List<String> values) {
        return api.post(
                        "/api/v1/suites/" + suite + "/data-sets",
                        Map.of(
                                "name",
                                name,
                                "rows",
                                values.stream().map(v -> Map.of("n", v)).toList()))
                .id();
    }

    private UUID create(RequestBodies.CaseBuilder builder) {
        Api.Answer answer = api.post("/api/v1/suites/" + suite + "/cases", builder.build());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.id();
    }

    private JsonNode run() {
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        return api.waitForEnd(run, Duration.ofMinutes(1));
    }

    private static Map<String, JsonNode> byCase(JsonNode finished) {
        Map<String, JsonNode> cases = new HashMap<>();
        finished.get("cases").forEach(c -> cases.put(c.get("name").asString(), c));
        return cases;
    }

    @Test
    void setupRunsOnceAndItsTokenReachesEveryPartitionTeardownRunsOnceAfterAll() throws SQLException {
        ordersSuite();
        JsonNode plan = api.get("/api/v1/suites/" + suite + "/plan?environment=" + environment)
                .body();
        assertThat(plan.get("workItems").asLong()).isEqualTo(SHARED_ROWS + VIP_ROWS + 2);
        assertThat(plan.get("steps").asLong()).isEqualTo(SHARED_ROWS + VIP_ROWS + 2);
        assertThat(plan.get("chainRows").toString()).isEqualTo("[" + SHARED_ROWS + "," + VIP_ROWS + "]");
        assertThat(plan.get("setup").get(0).get("name").asString()).isEqualTo("login");
        assertThat(plan.get("teardown").get(0).get("name").asString()).isEqualTo("cleanup");

        JsonNode finished = run();

        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");
        assertThat(finished.get("totals").get("passed").asLong()).isEqualTo(SHARED_ROWS + VIP_ROWS + 2);
        assertThat(logins).hasValue(1);
        assertThat(cleanups).hasValue(1);
        // the cleanup came after every order, and every order carried the one login's token
        assertThat(authorizedOrders).hasValue(SHARED_ROWS + VIP_ROWS);
        assertThat(ordersBeforeCleanup).isEqualTo(SHARED_ROWS + VIP_ROWS);
        // the pinned case ran with its own data set only, the others never saw its rows
        assertThat(vipOrders)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, VIP_ROWS).mapToObj(i -> "vip" + i).toList());
        Map<String, JsonNode> cases = byCase(finished);
        assertThat(cases.get("login").get("passed").asLong()).isEqualTo(1);
        assertThat(cases.get("order").get("passed").asLong()).isEqualTo(SHARED_ROWS);
        assertThat(cases.get("vip").get("passed").asLong()).isEqualTo(VIP_ROWS);
        assertThat(cases.get("cleanup").get("passed").asLong()).isEqualTo(1);

        UUID runId = UUID.fromString(finished.get("id").asString());
        // setup first and teardown last in the step listing
        JsonNode steps = api.get("/api/v1/runs/" + runId + "/steps?size=100").body();
        assertThat(steps.get("items").get(0).get("caseName").asString()).isEqualTo("login");
        JsonNode items = steps.get("items");
        assertThat(items.get(items.size() - 1).get("caseName").asString()).isEqualTo("cleanup");

        try (var db = farm.database();
                Statement s = db.createStatement()) {
            // main partitions spread over the workers, each handed the setup's variables
            ResultSet partitions = s.executeQuery(
                    "select count(*) from run_partitions where partition_index >= 0 and run_id = '" + runId + "'");
            partitions.next();
            assertThat(partitions.getInt(1)).isGreaterThan(1);
            // the token travels sealed: no execution context holds it in clear
            List<String> contexts = new ArrayList<>();
            ResultSet rs = s.executeQuery("select short_context from batch_step_execution_context");
            while (rs.next()) {
                contexts.add(rs.getString(1));
            }
            assertThat(contexts).isNotEmpty().noneMatch(c -> issuedTokens.stream()
                    .anyMatch(c::contains));
        }
    }

    @Test
    void aFailedSetupSkipsEveryCaseButTheTeardownStillRuns() {
        Map<String, UUID> ids = ordersSuite();
        loginFails = true;

        JsonNode finished = run();

        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("FAILED");
        assertThat(logins).hasValue(1);
        assertThat(cleanups).hasValue(1);
        assertThat(authorizedOrders).hasValue(0);
        Map<String, JsonNode> cases = byCase(finished);
        assertThat(cases.get("login").get("failed").asLong()).isEqualTo(1);
        assertThat(cases.get("order").get("skipped").asLong()).isEqualTo(SHARED_ROWS);
        assertThat(cases.get("vip").get("skipped").asLong()).isEqualTo(VIP_ROWS);
        assertThat(cases.get("cleanup").get("passed").asLong()).isEqualTo(1);
        assertThat(finished.get("totals").get("skipped").asLong()).isEqualTo(SHARED_ROWS + VIP_ROWS);
        assertThat(ids).containsKey("login");
    }

    @Test
    void phasesAndPinsAreCheckedWhenSaved() {
        Map<String, UUID> ids = ordersSuite();
        Api.Answer badPhase = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("x").get("/x").phase("sometimes").build());
        assertThat(badPhase.status()).isEqualTo(400);
        assertThat(badPhase.raw()).contains("phase");

        Api.Answer setupWithDependency = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("y").get("/y").phase("setup").dependsOn(ids.get("order")).build());
        assertThat(setupWithDependency.status()).isEqualTo(400);
        assertThat(setupWithDependency.raw()).contains("dependsOn");

        Api.Answer dependingOnSetup = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("z").get("/z").dependsOn(ids.get("login")).build());
        assertThat(dependingOnSetup.status()).isEqualTo(400);
        assertThat(dependingOnSetup.raw()).contains("dependsOn").contains("setup case");

        Api.Answer foreignDataSet = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("w").get("/w").pin(UUID.randomUUID()).build());
        assertThat(foreignDataSet.status()).isEqualTo(400);
        assertThat(foreignDataSet.raw()).contains("dataSetId");

        // a pinned data set cannot be deleted from under its case
        Api.Answer deletePinned = api.delete("/api/v1/data-sets/" + ids.get("vipSet"));
        assertThat(deletePinned.status()).isEqualTo(409);

        // one chain cannot run with two different data sets
        UUID other = dataSet("other", List.of("o1"));
        create(aCase("vip-detail").get("/orders/{{n}}").pin(other).dependsOn(ids.get("vip")));
        Api.Answer conflicting = api.get("/api/v1/suites/" + suite + "/plan?environment=" + environment);
        assertThat(conflicting.status()).as(conflicting.raw()).isEqualTo(422);
        assertThat(conflicting.raw()).contains("vip").contains("vip-detail");

        List<JsonNode> cases = new ArrayList<>();
        api.get("/api/v1/suites/" + suite + "/cases").body().forEach(cases::add);
        assertThat(cases).extracting(c -> c.get("name").asString()).doesNotContain("x", "y", "z", "w");
    }
}
