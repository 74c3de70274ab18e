package dev.gantry.bench;

import dev.gantry.client.GantryClient;
import dev.gantry.client.NewCase;
import dev.gantry.client.NewDataSet;
import dev.gantry.client.NewEnvironment;
import dev.gantry.client.NewProject;
import dev.gantry.client.NewSuite;
import dev.gantry.client.Run;
import dev.gantry.client.TriggerRun;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures runs of the standard flow on a running farm: creates the suites through the REST API,
 * warms the workers up, then triggers each measured run and reads back what the farm itself
 * recorded (latency percentiles, first request, statement counts, memory).
 */
final class FarmBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * How long each progress request waits for the run to end: the progress a console shows every
     * second, so the control plane's CPU counted here includes what being watched costs it. The wall
     * time does not depend on it (it ends at the run's finishedAt).
     */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Worker heap is read after this many steps of a run and again at its end, if it reaches HEAP_LATE. */
    static final long HEAP_EARLY = 100_000;

    static final long HEAP_LATE = 1_000_000;

    /**
     * Five were not enough for the worker: its C2 still compiled a fifth to a third of the wall time
     * in the fifth run (per-chunk and per-partition code, which gets hot late), and that compiling
     * was a tenth of the CPU measured per step.
     */
    private static final int MAX_WARM_UP_RUNS = 12;

    private static final int ROWS_PER_DATA_SET = 100_000;
    /** Warm enough once the JVMs compile for less than this share of a warm-up run's wall time. */
    private static final double QUIET_JIT_SHARE = 0.05;

    record Worker(long pid, String actuatorUrl) {}

    private final GantryClient api;
    private final String controlPlaneUrl;
    private final String target;
    private final List<Worker> workers;
    private final RedissonClient redis;
    private final RedisKeys keys;
    private final ProcessCpu cpu;
    /** The suites' step detail level; null takes the control plane's default. */
    private final String stepDetails;

    private final HttpClient actuatorHttp = GantryClient.newHttpClient(GantryClient.DEFAULT_CONNECT_TIMEOUT);

    FarmBench(
            GantryClient api,
            String controlPlaneUrl,
            long controlPlanePid,
            String target,
            List<Worker> workers,
            String redisAddress,
            String stepDetails) {
        this.api = api;
        this.stepDetails = stepDetails;
        this.cpu = ProcessCpu.ofFarm(workers.stream().map(Worker::pid).toList(), controlPlanePid);
        this.controlPlaneUrl = controlPlaneUrl;
        this.target = target;
        this.workers = workers;
        Config config = new Config();
        config.useSingleServer().setAddress(redisAddress);
        this.redis = Redisson.create(config);
        this.keys = new RedisKeys(RedisKeys.DEFAULT_PREFIX);
    }

    Results.Farm measure(List<Integer> rowCounts, int warmUpRows) throws Exception {
        // Redisson's threads keep the JVM alive: it is shut down however the measurement ends, even when the
        // control plane refuses the very first request
        try {
            UUID project =
                    api.createProject(new NewProject("bench-" + Instant.now().toEpochMilli(), null));
            try {
                return measure(project, rowCounts, warmUpRows);
            } finally {
                api.deleteProject(project);
            }
        } finally {
            redis.shutdown();
        }
    }

    private Results.Farm measure(UUID project, List<Integer> rowCounts, int warmUpRows) throws Exception {
        UUID environment = api.createEnvironment(project, new NewEnvironment("nginx", target, null, null));
        warmUp(suite(project, warmUpRows), environment, warmUpRows);
        List<Results.Run> runs = new ArrayList<>();
        for (int rows : rowCounts) {
            UUID suite = suite(project, rows);
            double compiledBefore = compilationSeconds();
            Results.Run result = run(suite, environment, rows);
            double compiling = (compilationSeconds() - compiledBefore) / (result.wallMs() / 1000.0);
            System.out.printf(
                    Locale.ROOT,
                    "  %,d rows: %,.0f steps/s, wall %,d ms, JIT compiling %.0f %% of the wall time%n",
                    rows,
                    result.stepsPerSecond(),
                    result.wallMs(),
                    compiling * 100);
            runs.add(result);
        }
        return new Results.Farm(workers.size(), runs);
    }

    /**
     * Runs the warm-up suite until the just-in-time compilers of the farm's JVMs have done their
     * work: CPU per step is measured on steady code, as a farm that has been up for a while runs it,
     * not on a fresh JVM compiling its hot paths (JFR showed compilation at a quarter of a fresh
     * worker's CPU and most of a fresh control plane's during the execute phase).
     */
    private void warmUp(UUID suite, UUID environment, int rows) throws Exception {
        for (int round = 1; round <= MAX_WARM_UP_RUNS; round++) {
            double compiledBefore = compilationSeconds();
            Results.Run run = run(suite, environment, rows);
            double share = (compilationSeconds() - compiledBefore) / (run.wallMs() / 1000.0);
            System.out.printf(
                    Locale.ROOT,
                    "  warm-up %d: %,.0f steps/s, JIT compiling %.0f %% of the wall time%n",
                    round,
                    run.stepsPerSecond(),
                    share * 100);
            if (share < QUIET_JIT_SHARE) {
                return;
            }
        }
    }

    /** Time the farm's JVMs spent compiling so far, from their jvm.compilation.time counters (milliseconds). */
    private double compilationSeconds() throws Exception {
        return (metric(controlPlaneUrl, "jvm.compilation.time", "COUNT") + workersCompilationMs()) / 1000;
    }

    /** Time the workers' JIT compilers spent so far (milliseconds): part of the workers' CPU. */
    private double workersCompilationMs() throws Exception {
        double total = 0;
        for (Worker worker : workers) {
            total += metric(worker.actuatorUrl(), "jvm.compilation.time", "COUNT");
        }
        return total;
    }

    /** The standard chained flow: POST /items (extract id), GET /items/{{id}} ($.price == 9.99), GET /health. */
    private UUID suite(UUID project, int rows) throws InterruptedException {
        UUID suite =
                api.createSuite(project, new NewSuite("flow-" + rows + "-" + System.nanoTime(), null, stepDetails));
        UUID create = api.createCase(
                suite,
                new NewCase(
                        "create item",
                        null,
                        new NewCase.Request(
                                "POST", "/items", null, null, "JSON", "{\"name\":\"{{name}}\",\"price\":9.99}", null),
                        NewCase.Expectations.status(201),
                        List.of(new NewCase.Extraction("id", "BODY", "$.id"))));
        UUID read = api.createCase(
                suite,
                new NewCase(
                        "read item",
                        create,
                        NewCase.Request.of("GET", "/items/{{id}}"),
                        new NewCase.Expectations(
                                List.of(200),
                                List.of(new NewCase.JsonCheck("$.price", "equals", "9.99")),
                                null,
                                null,
                                null,
                                null),
                        null));
        api.createCase(
                suite,
                new NewCase(
                        "health", read, NewCase.Request.of("GET", "/health"), NewCase.Expectations.status(200), null));
        // a data set holds at most 200,000 rows; a run takes the rows of all its suite's data sets
        for (int first = 0; first < rows; first += ROWS_PER_DATA_SET) {
            List<Map<String, Object>> data = IntStream.range(first, Math.min(rows, first + ROWS_PER_DATA_SET))
                    .mapToObj(i -> Map.<String, Object>of("name", "row-" + i))
                    .toList();
            api.createDataSet(suite, new NewDataSet("rows-" + first, null, data));
        }
        return suite;
    }

    private Results.Run run(UUID suite, UUID environment, int rows) throws Exception {
        long statementsBefore = statements();
        double workersJitBefore = workersCompilationMs();
        ProcessCpu.Reading before = cpu.read();
        // the farm's clock and ours are this machine's: the run's firstStepAt maps onto nanoTime
        long epochMsAtStart = System.currentTimeMillis();
        long start = System.nanoTime();
        UUID runId = api.triggerRun(suite, TriggerRun.in(environment)).runId();
        List<Progress> progress = new ArrayList<>();
        List<Double> heapsAt100k = null;
        Run run;
        do {
            // a long poll: the control plane answers when the run ends or after a second with its progress
            run = api.run(runId, POLL);
            progress.add(new Progress(run.totals().done(), cpu.read()));
            if (heapsAt100k == null && rows * 3L >= HEAP_LATE && run.totals().done() >= HEAP_EARLY) {
                heapsAt100k = heapsAfterGc();
            }
        } while (!run.ended());
        // trigger → the moment the control plane made the status final (this machine's clock on both sides):
        // exact whatever the poll interval
        long wallMs = run.finishedAt() == null
                ? (System.nanoTime() - start) / 1_000_000
                : run.finishedAt().toEpochMilli() - epochMsAtStart;
        ProcessCpu.Reading after = progress.getLast().cpu();
        long steps = run.totals().done();
        long statements = statements() - statementsBefore;
        double workersJitMs = workersCompilationMs() - workersJitBefore;
        double redisBytes = redisBytes(runId) / Math.max(1.0, steps);
        deleteDetails(runId);
        List<Double> heaps = heapsAfterGc();
        List<Double> rss = new ArrayList<>();
        for (Worker worker : workers) {
            rss.add(rssMb(worker.pid()));
        }
        Run.Latency latency = run.latency();
        Long firstRequest = run.firstStepAt() == null
                ? null
                : Duration.between(run.createdAt(), run.firstStepAt()).toMillis();
        Map<String, Double> perStep = new LinkedHashMap<>();
        after.since(before).forEach((group, ms) -> perStep.put(group, ms / Math.max(1, steps)));
        Double controlPlaneShare = run.firstStepAt() == null
                ? null
                : executeShare(
                        progress, start + (run.firstStepAt().toEpochMilli() - epochMsAtStart) * 1_000_000, steps);
        return new Results.Run(
                workers.size(),
                rows,
                steps,
                run.status(),
                wallMs,
                steps * 1000.0 / Math.max(1, wallMs),
                latency == null ? null : latency.p50Ms(),
                latency == null ? null : latency.p99Ms(),
                firstRequest,
                statements,
                redisBytes,
                heaps,
                rss,
                perStep,
                controlPlaneShare,
                heapsAt100k,
                workersJitMs / Math.max(1, steps));
    }

    /** A poll's count of steps done and the processes' CPU then. */
    private record Progress(long done, ProcessCpu.Reading cpu) {}

    /**
     * The control plane's CPU as a share of the workers' over the execute phase: from the first reading
     * after the first step started to the last reading before every step was counted, so nothing of
     * the expansion before or of the aggregation after is in it.
     */
    private static Double executeShare(List<Progress> progress, long firstStepNanos, long steps) {
        ProcessCpu.Reading from = null;
        ProcessCpu.Reading to = null;
        for (Progress p : progress) {
            if (from == null && p.cpu().nanoTime() >= firstStepNanos) {
                from = p.cpu();
            }
            if (p.done() < steps) {
                to = p.cpu();
            }
        }
        if (from == null || to == null || to.nanoTime() <= from.nanoTime()) {
            return null; // too short a run for two readings inside its execute phase
        }
        Map<String, Double> used = to.since(from);
        double workers = used.get(ProcessCpu.WORKERS);
        return workers <= 0 ? null : used.get(ProcessCpu.CONTROL_PLANE) / workers;
    }

    private List<Double> heapsAfterGc() throws Exception {
        List<Double> heaps = new ArrayList<>();
        for (Worker worker : workers) {
            heaps.add(heapAfterGcMb(worker));
        }
        return heaps;
    }

    /** JDBC statements executed by the control plane and every worker, from their jdbc.query timers. */
    private long statements() throws Exception {
        long total = metricCount(controlPlaneUrl);
        for (Worker worker : workers) {
            total += metricCount(worker.actuatorUrl());
        }
        return total;
    }

    private long metricCount(String baseUrl) throws Exception {
        return (long) metric(baseUrl, "jdbc.query", "COUNT");
    }

    /** One statistic of an actuator meter; 0 while the meter does not exist yet (nothing measured). */
    private double metric(String baseUrl, String name, String statistic) throws Exception {
        JsonNode metric = actuatorJson(baseUrl, "/actuator/metrics/" + name);
        if (!metric.has("measurements")) {
            return 0;
        }
        for (JsonNode measurement : metric.get("measurements")) {
            if (measurement.get("statistic").asString().equals(statistic)) {
                return measurement.get("value").asDouble();
            }
        }
        return 0;
    }

    private double heapAfterGcMb(Worker worker) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(worker.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
        JsonNode metric = actuatorJson(worker.actuatorUrl(), "/actuator/metrics/jvm.memory.used?tag=area:heap");
        return metric.get("measurements").get(0).get("value").asDouble() / (1024 * 1024);
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private long redisBytes(UUID runId) {
        RScript script = redis.getScript(StringCodec.INSTANCE);
        long bytes = 0;
        for (String key : runKeys(runId)) {
            Long used = script.eval(
                    RScript.Mode.READ_ONLY,
                    "return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')",
                    RScript.ReturnType.LONG,
                    List.of(key));
            bytes += used == null ? 0 : used;
        }
        return bytes;
    }

    private void deleteDetails(UUID runId) {
        redis.getKeys().delete(runKeys(runId).toArray(String[]::new));
    }

    private List<String> runKeys(UUID runId) {
        List<String> names = new ArrayList<>(List.of(keys.details(runId), keys.order(runId)));
        for (StepStatus status : StepStatus.values()) {
            names.add(keys.status(runId, status));
        }
        return names;
    }

    /** The actuators want no key; the raw exchange still bounds the answer and times the request out. */
    private JsonNode actuatorJson(String baseUrl, String path) throws InterruptedException {
        GantryClient actuator = GantryClient.builder(URI.create(baseUrl))
                .httpClient(actuatorHttp)
                .build();
        return JSON.readTree(actuator.exchange("GET", path, null, null).body());
    }
}
