package dev.gantry.bench;

import dev.gantry.demo.GantryApi;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final Duration POLL = Duration.ofMillis(20);

    record Worker(long pid, String actuatorUrl) {}

    private final GantryApi api;
    private final String controlPlaneUrl;
    private final String target;
    private final List<Worker> workers;
    private final RedissonClient redis;
    private final RedisKeys keys;
    private final HttpClient http = HttpClient.newHttpClient();

    FarmBench(GantryApi api, String controlPlaneUrl, String target, List<Worker> workers, String redisAddress) {
        this.api = api;
        this.controlPlaneUrl = controlPlaneUrl;
        this.target = target;
        this.workers = workers;
        Config config = new Config();
        config.useSingleServer().setAddress(redisAddress);
        this.redis = Redisson.create(config);
        this.keys = new RedisKeys(RedisKeys.DEFAULT_PREFIX);
    }

    Results.Farm measure(List<Integer> rowCounts, int warmUpRows) throws Exception {
        String project = id(api.post(
                "/api/v1/projects", Map.of("name", "bench-" + Instant.now().toEpochMilli())));
        try {
            String environment = id(api.post(
                    "/api/v1/projects/" + project + "/environments", Map.of("name", "nginx", "baseUrl", target)));
            run(suite(project, warmUpRows), environment, warmUpRows);
            List<Results.Run> runs = new ArrayList<>();
            for (int rows : rowCounts) {
                String suite = suite(project, rows);
                Results.Run result = run(suite, environment, rows);
                System.out.printf(
                        "  %,d rows: %,.0f steps/s, wall %,d ms%n", rows, result.stepsPerSecond(), result.wallMs());
                runs.add(result);
            }
            return new Results.Farm(workers.size(), runs);
        } finally {
            api.send("DELETE", "/api/v1/projects/" + project);
            redis.shutdown();
        }
    }

    /** The standard chained flow: POST /items (extract id), GET /items/{{id}} ($.price == 9.99), GET /health. */
    private String suite(String project, int rows) throws InterruptedException {
        String suite = id(api.post(
                "/api/v1/projects/" + project + "/suites", Map.of("name", "flow-" + rows + "-" + System.nanoTime())));
        String create = id(api.post(
                "/api/v1/suites/" + suite + "/cases",
                Map.of(
                        "name", "create item",
                        "request",
                                Map.of(
                                        "method",
                                        "POST",
                                        "path",
                                        "/items",
                                        "bodyType",
                                        "JSON",
                                        "body",
                                        "{\"name\":\"{{name}}\",\"price\":9.99}"),
                        "expectations", Map.of("status", List.of(201)),
                        "extractions", List.of(Map.of("name", "id", "source", "BODY", "expression", "$.id")))));
        String read = id(api.post(
                "/api/v1/suites/" + suite + "/cases",
                Map.of(
                        "name",
                        "read item",
                        "dependsOn",
                        create,
                        "request",
                        Map.of("method", "GET", "path", "/items/{{id}}"),
                        "expectations",
                        Map.of(
                                "status", List.of(200),
                                "jsonPath",
                                        List.of(Map.of(
                                                "path", "$.price", "operator", "equals", "expected", "9.99"))))));
        api.post(
                "/api/v1/suites/" + suite + "/cases",
                Map.of(
                        "name",
                        "health",
                        "dependsOn",
                        read,
                        "request",
                        Map.of("method", "GET", "path", "/health"),
                        "expectations",
                        Map.of("status", List.of(200))));
        List<Map<String, Object>> data = IntStream.range(0, rows)
                .mapToObj(i -> Map.<String, Object>of("name", "row-" + i))
                .toList();
        api.post("/api/v1/suites/" + suite + "/data-sets", Map.of("name", "rows", "rows", data));
        return suite;
    }

    private Results.Run run(String suite, String environment, int rows) throws Exception {
        long statementsBefore = statements();
        long start = System.nanoTime();
        String runId = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .get("runId")
                .asString();
        JsonNode run;
        do {
            Thread.sleep(POLL);
            run = api.get("/api/v1/runs/" + runId);
        } while (List.of("QUEUED", "RUNNING").contains(run.get("status").asString()));
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        long steps = run.get("totals").get("done").asLong();
        long statements = statements() - statementsBefore;
        double redisBytes = redisBytes(runId) / Math.max(1.0, steps);
        deleteDetails(runId);
        List<Double> heaps = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (Worker worker : workers) {
            heaps.add(heapAfterGcMb(worker));
            rss.add(rssMb(worker.pid()));
        }
        JsonNode latency = run.get("latency");
        Long firstRequest = run.get("firstStepAt").isNull()
                ? null
                : Duration.between(
                                Instant.parse(run.get("createdAt").asString()),
                                Instant.parse(run.get("firstStepAt").asString()))
                        .toMillis();
        return new Results.Run(
                workers.size(),
                rows,
                steps,
                run.get("status").asString(),
                wallMs,
                steps * 1000.0 / Math.max(1, wallMs),
                number(latency, "p50Ms"),
                number(latency, "p99Ms"),
                firstRequest,
                statements,
                redisBytes,
                heaps,
                rss);
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
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
        JsonNode metric = getJson(baseUrl + "/actuator/metrics/jdbc.query");
        if (!metric.has("measurements")) {
            return 0; // no statement executed yet, so no meter
        }
        for (JsonNode measurement : metric.get("measurements")) {
            if (measurement.get("statistic").asString().equals("COUNT")) {
                return (long) measurement.get("value").asDouble();
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
        JsonNode metric = getJson(worker.actuatorUrl() + "/actuator/metrics/jvm.memory.used?tag=area:heap");
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

    private long redisBytes(String runId) {
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

    private void deleteDetails(String runId) {
        redis.getKeys().delete(runKeys(runId).toArray(String[]::new));
    }

    private List<String> runKeys(String runId) {
        UUID id = UUID.fromString(runId);
        List<String> names = new ArrayList<>(List.of(keys.details(id), keys.order(id)));
        for (StepStatus status : StepStatus.values()) {
            names.add(keys.status(id, status));
        }
        return names;
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String id(JsonNode created) {
        return created.get("id").asString();
    }
}
