package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The long suite ({@code ./gantry test --long}): a run of a million chained, asserted steps on two
 * worker processes, and fifty runs of five tenants at once. Its figures are printed and written to
 * {@code target/scale-figures.json}; the README records them.
 */
@Tag("long")
class ScaleLongIT {
    static final int MILLION_ROWS = 500_000; // two chained steps a row
    static final int TENANTS = 5;
    static final int RUNS_PER_TENANT = 10;
    static final int LOAD_ROWS = 1_000;
    static final int MAX_CONCURRENT_RUNS = 2;
    static final int MAX_PARALLEL_PARTITIONS = 3;

    static Farm farm;
    static HttpServer target;
    /** The launcher's nginx (as the benchmark's), or a target in this JVM when run without it. */
    static String targetUrl;

    static final List<Process> workers = new ArrayList<>();
    static final List<Integer> workerPorts = new ArrayList<>();
    static final Map<String, Object> figures = new ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        farm = Farm.withWorkers(0);
        targetUrl = System.getenv("GANTRY_LONG_TARGET");
        if (targetUrl == null) {
            target = TestTargets.start("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/items") || path.startsWith("/items/")) {
                    TestTargets.json(exchange, path.equals("/items") ? 201 : 200, "{\"id\":\"it-42\",\"price\":9.99}");
                } else {
                    TestTargets.json(exchange, 200, "{\"status\":\"UP\"}");
                }
            });
            targetUrl = Scenarios.baseUrlOf(target);
        }
        for (int i = 0; i < 2; i++) {
            int port = AppProcesses.freePort();
            workers.add(AppProcesses.start(
                    "worker", "worker-scale-" + i, port, List.of("-Xmx1g"), farm.workerProcessArguments(port, 128)));
            workerPorts.add(port);
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.writeString(
                Path.of("target", "scale-figures.json"),
                JsonMapper.builder().build().writeValueAsString(figures));
        workers.forEach(Process::destroyForcibly);
        Farm.closeAll(farm, target);
    }

    @Test
    void aMillionStepsOnTwoWorkersWithExactTotalsAndFlatMemory() throws Exception {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, targetUrl);
        UUID create = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/cases",
                        aCase("create")
                                .post("/items", "{\"name\":\"item {{n}}\",\"price\":9.99}")
                                .expectStatus(201)
                                .extract("id", "BODY", "$.id")
                                .build())
                .id();
        api.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("read")
                        .get("/items/{{id}}")
                        .dependsOn(create)
                        .expectStatus(200)
                        .expectJson("$.price", "equals", "9.99")
                        .build());
        // a data set holds at most 200,000 rows; a suite's data sets add up
        for (int first = 0; first < MILLION_ROWS; first += 100_000) {
            int from = first;
            Api.Answer rows = api.post(
                    "/api/v1/suites/" + workspace.suite() + "/data-sets",
                    Map.of(
                            "name",
                            "rows from " + from,
                            "rows",
                            java.util.stream.IntStream.range(from, from + 100_000)
                                    .mapToObj(i -> Map.<String, Object>of("n", i))
                                    .toList()));
            assertThat(rows.status()).as(rows.raw()).isEqualTo(201);
        }
        long steps = 2L * MILLION_ROWS;

        Instant started = Instant.now();
        UUID run = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> done(api, run) >= 100_000);
        List<Double> workerHeapAt100k = workerHeapsAfterGc();
        double controlPlaneHeapAt100k = ownHeapAfterGc();
        await().atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> done(api, run) >= 900_000);
        List<Double> workerHeapAtMillion = workerHeapsAfterGc();
        double controlPlaneHeapAtMillion = ownHeapAfterGc();
        JsonNode ended = api.waitForEnd(run, Duration.ofMinutes(10));
        long wallMs = Duration.between(started, Instant.now()).toMillis();

        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("PASSED");
        assertThat(ended.get("totals").get("done").asLong()).isEqualTo(steps);
        assertThat(ended.get("totals").get("passed").asLong()).isEqualTo(steps);
        farm.assertEveryStepCountedOnce(run, steps);
        double redisBytesPerStep = redisBytes(run) / (double) steps;

        figures.put("million.steps", steps);
        figures.put("million.wallSeconds", wallMs / 1000.0);
        figures.put("million.stepsPerSecond", steps * 1000.0 / wallMs);
        figures.put("million.workerHeapMbAt100k", workerHeapAt100k);
        figures.put("million.workerHeapMbAt900k", workerHeapAtMillion);
        figures.put("million.controlPlaneJvmHeapMbAt100k", controlPlaneHeapAt100k);
        figures.put("million.controlPlaneJvmHeapMbAt900k", controlPlaneHeapAtMillion);
        figures.put("million.redisBytesPerStep", redisBytesPerStep);
        System.out.println("scale figures: " + figures);

        for (int i = 0; i < workers.size(); i++) {
            // memory must not grow with steps: at 900k at most 10 % above 100k (it may be below,
            // the first partitions also warm the worker up)
            assertThat(workerHeapAtMillion.get(i))
                    .as("worker %d heap after GC at 900k steps against %.1f MB at 100k", i, workerHeapAt100k.get(i))
                    .isLessThanOrEqualTo(workerHeapAt100k.get(i) * 1.10);
        }
        // this JVM holds the control plane, the test and its farm: flat means no growth with steps
        assertThat(controlPlaneHeapAtMillion).isLessThan(controlPlaneHeapAt100k * 1.15 + 8);
    }

    @Test
    void fiftyRunsOfFiveTenantsAtOnceEachWithinItsPlan() throws Exception {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        String plan = "load-" + UUID.randomUUID();
        admin.post(
                "/api/v1/admin/plans",
                Map.of(
                        "name",
                        plan,
                        "limits",
                        Map.of(
                                "MaxConcurrentRuns", MAX_CONCURRENT_RUNS,
                                "MaxParallelPartitions", MAX_PARALLEL_PARTITIONS)));
        record Tenant(UUID id, Api api, Scenarios.Workspace workspace) {}
        List<Tenant> tenants = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            Scenarios.Tenant created =
                    Scenarios.tenant(admin, aTenant().named("load-" + t).onPlan(plan));
            Api api = created.api();
            Scenarios.Workspace workspace = Scenarios.workspace(api, targetUrl);
            api.post(
                    "/api/v1/suites/" + workspace.suite() + "/cases",
                    aCase("item").get("/items/{{n}}").expectStatus(200).build());
            api.post(
                    "/api/v1/suites/" + workspace.suite() + "/cases",
                    aCase("health").get("/health").expectStatus(200).build());
            Scenarios.numberedRows(api, workspace.suite(), LOAD_ROWS);
            tenants.add(new Tenant(created.id(), api, workspace));
        }

        Map<UUID, Integer> mostRuns = new ConcurrentHashMap<>();
        Map<UUID, Integer> mostPartitions = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> sample(mostRuns, mostPartitions), 0, 100, TimeUnit.MILLISECONDS);
        Instant started = Instant.now();
        List<UUID> runs = new ArrayList<>();
        Map<UUID, Tenant> owner = new ConcurrentHashMap<>();
        try {
            for (int r = 0; r < RUNS_PER_TENANT; r++) {
                for (Tenant tenant : tenants) {
                    UUID run = tenant.api()
                            .post(
                                    "/api/v1/suites/" + tenant.workspace().suite() + "/runs",
                                    Map.of("environmentId", tenant.workspace().environment()))
                            .id("runId");
                    runs.add(run);
                    owner.put(run, tenant);
                }
            }
            for (UUID run : runs) {
                JsonNode ended = owner.get(run).api().waitForEnd(run, Duration.ofMinutes(20));
                assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("PASSED");
                assertThat(ended.get("totals").get("done").asLong()).isEqualTo(2L * LOAD_ROWS);
                farm.assertEveryStepCountedOnce(run, 2L * LOAD_ROWS);
            }
        } finally {
            sampler.shutdownNow();
        }
        long wallMs = Duration.between(started, Instant.now()).toMillis();
        figures.put("load.runs", runs.size());
        figures.put("load.wallSeconds", wallMs / 1000.0);
        figures.put(
                "load.mostRunsAtOnceOfATenant",
                mostRuns.values().stream().mapToInt(i -> i).max().orElse(0));
        figures.put(
                "load.mostPartitionsAtOnceOfATenant",
                mostPartitions.values().stream().mapToInt(i -> i).max().orElse(0));
        System.out.println("scale figures: " + figures);
        for (Tenant tenant : tenants) {
            assertThat(mostRuns.getOrDefault(tenant.id(), 0))
                    .as("runs of a tenant at once")
                    .isBetween(1, MAX_CONCURRENT_RUNS);
            assertThat(mostPartitions.getOrDefault(tenant.id(), 0))
                    .as("partitions of a tenant at once")
                    .isLessThanOrEqualTo(MAX_PARALLEL_PARTITIONS);
        }
    }

    /** The most runs and partitions each tenant had going at once, as PostgreSQL shows them now. */
    private static void sample(Map<UUID, Integer> mostRuns, Map<UUID, Integer> mostPartitions) {
        try (Connection db = farm.database();
                Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "select tenant_id, count(*) from runs where status = 'RUNNING' group by tenant_id")) {
                while (rs.next()) {
                    mostRuns.merge(rs.getObject(1, UUID.class), rs.getInt(2), Math::max);
                }
            }
            try (ResultSet rs = s.executeQuery(
                    """
                    select r.tenant_id, count(*) from run_partitions p join runs r on r.id = p.run_id
                    where p.status = 'RUNNING' group by r.tenant_id
                    """)) {
                while (rs.next()) {
                    mostPartitions.merge(rs.getObject(1, UUID.class), rs.getInt(2), Math::max);
                }
            }
        } catch (Exception e) {
            System.err.println("load sample failed: " + e);
        }
    }

    private static long done(Api api, UUID run) {
        return api.get("/api/v1/runs/" + run).body().get("totals").get("done").asLong();
    }

    /**
     * Each worker's heap after a full GC, the least of three readings half a second apart: mid-run a
     * reading also holds the chunks in flight (up to a worker's partitions x concurrency chains), which come and go.
     */
    private static List<Double> workerHeapsAfterGc() throws Exception {
        List<Double> least = null;
        for (int reading = 0; reading < 3; reading++) {
            List<Double> heaps = workerHeapsAfterOneGc();
            if (least == null) {
                least = heaps;
            } else {
                for (int i = 0; i < heaps.size(); i++) {
                    least.set(i, Math.min(least.get(i), heaps.get(i)));
                }
            }
            // readings spaced in time so that the chunks in flight change between them: nothing is awaited
            Thread.sleep(Duration.ofMillis(500));
        }
        return least;
    }

    private static List<Double> workerHeapsAfterOneGc() throws Exception {
        List<Double> heaps = new ArrayList<>();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < workers.size(); i++) {
            new ProcessBuilder(jcmd.toString(), String.valueOf(workers.get(i).pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            String body = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workerPorts.get(i)
                                            + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            JsonNode metric = JsonMapper.builder().build().readTree(body);
            heaps.add(metric.get("measurements").get(0).get("value").asDouble() / (1024 * 1024));
        }
        return heaps;
    }

    private static double ownHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
    }

    /** What the run's details and their indexes take in Redis ({@code MEMORY USAGE}). */
    private static long redisBytes(UUID run) {
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        RedisKeys keys = new RedisKeys(farm.redisPrefix());
        long bytes = redis.getMap(keys.details(run)).sizeInMemory()
                + redis.getScoredSortedSet(keys.order(run)).sizeInMemory();
        for (StepStatus status : StepStatus.values()) {
            bytes += redis.getScoredSortedSet(keys.status(run, status)).sizeInMemory();
        }
        return bytes;
    }

    static {
        // the figures name the rows they came from
        figures.put("million.rows", MILLION_ROWS);
        figures.put("load.tenants", TENANTS);
        figures.put("load.runsPerTenant", RUNS_PER_TENANT);
        figures.put("load.rowsPerRun", LOAD_ROWS);
    }
}
