package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.demo.sampleapi.SampleApiServer;
import dev.gantry.testsupport.RequestBodies;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Operations, shown on a real farm: after a run (and one against a closed port), both apps' scrapes hold
 * every metric the Grafana dashboards and the alert rules use, with values that match the run; and a
 * real Prometheus loads the rules and scrapes the running apps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
    static final int ROWS = 40;

    static Farm farm;
    static SampleApiServer target;
    /** The id the metrics tag the tenant with (never its name, which is the users' free text). */
    static String tenantId;

    static JsonNode passedRun;
    static JsonNode refusedRun;

    @BeforeAll
    static void runTwoSuites() throws IOException {
        farm = Farm.get();
        target = SampleApiServer.start(0);
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("ops").onPlan("Pro"));
        tenantId = tenant.id().toString();
        Api api = tenant.api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "ops")).id();
        UUID environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of("name", "local", "baseUrl", target.baseUri().toString()))
                .id();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UUID nowhere = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of("name", "nowhere", "baseUrl", "http://127.0.0.1:" + closedPort))
                .id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "items"))
                .id();
        UUID create = api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("create item")
                                .post("/items", "{\"name\":\"{{name}}\",\"price\":{{price}}}")
                                .expectStatus(201)
                                .extract("id", "BODY", "$.id")
                                .build())
                .id();
        api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("cheap")
                        .get("/items/{{id}}")
                        .expectJson("$.price", "lessThan", "100")
                        .dependsOn(create)
                        .build());
        api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of("name", "items", "rows", RequestBodies.itemRows(ROWS)));

        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        passedRun = api.waitForEnd(run, Duration.ofMinutes(2));
        UUID refused = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", nowhere))
                .id("runId");
        refusedRun = api.waitForEnd(refused, Duration.ofMinutes(2));
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
    }

    static List<String> appUrls() {
        List<String> urls = new ArrayList<>();
        urls.add(farm.managementUrl());
        for (ConfigurableApplicationContext worker : farm.workers) {
            urls.add("http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port"));
        }
        return urls;
    }

    /** The control plane's gauges are read every second in tests: wait until they show both runs ended. */
    static Scrape controlPlaneScrapeAfterTheRuns() {
        String tenant = "tenant=\"" + tenantId + "\"";
        return await("the control plane's gauges showing the tenant's two runs ended")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> Scrape.of(farm.managementUrl()),
                        scrape -> scrape.sum("gantry_runs_month", tenant) == 2
                                && scrape.sum("gantry_runs_active", tenant) == 0);
    }

    @Test
    @Order(1)
    void theScrapesMatchTheRuns() {
        assertThat(passedRun.get("status").asString()).as(passedRun.toString()).isEqualTo("FAILED");
        assertThat(refusedRun.get("status").asString())
                .as(refusedRun.toString())
                .isEqualTo("FAILED");
        Scrape controlPlane = controlPlaneScrapeAfterTheRuns();
        String tenant = "tenant=\"" + tenantId + "\"";
        assertThat(controlPlane.sum("gantry_runs_month", tenant)).isEqualTo(2);
        assertThat(controlPlane.sum("gantry_runs_active", tenant)).isZero();
        assertThat(controlPlane.sum("gantry_partitions_in_flight", tenant)).isZero();
        assertThat(controlPlane.sum("gantry_plan_limit", tenant, "limit=\"MaxConcurrentRuns\"", "plan=\"Pro\""))
                .isEqualTo(5);
        assertThat(controlPlane.sum("gantry_runs_started_total")).isGreaterThanOrEqualTo(2);
        assertThat(controlPlane.sum("gantry_runs_finished_total", "status=\"FAILED\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(controlPlane.sum("gantry_runs_queue_wait_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(controlPlane.has("gantry_runs_queue_wait_seconds_bucket")).isTrue();
        assertThat(controlPlane.sum("gantry_partitions_queue_consumers"))
                .as("every worker context consumes the partition queue")
                .isGreaterThanOrEqualTo(farm.workers.size());

        List<Scrape> workers = farm.workers.stream()
                .map(w -> Scrape.of("http://127.0.0.1:" + w.getEnvironment().getProperty("local.server.port")))
                .toList();
        double steps =
                workers.stream().mapToDouble(w -> w.sum("gantry_steps_total")).sum();
        // this run: ROWS create + ROWS checks; the refused run: ROWS errored + ROWS skipped (others ran before)
        assertThat(steps).isGreaterThanOrEqualTo(4 * ROWS);
        assertThat(workers.stream()
                        .mapToDouble(w -> w.sum("gantry_http_errors_total", "kind=\"connect\""))
                        .sum())
                .as("the run against a closed port counts connection errors")
                .isGreaterThanOrEqualTo(ROWS);
        // "local" is one of the usual stage names and is its own tag value; "nowhere" counts as other
        assertThat(workers.stream()
                        .mapToDouble(w -> w.sum("gantry_step_duration_seconds_count", "environment=\"local\""))
                        .sum())
                .isGreaterThanOrEqualTo(2 * ROWS);
        assertThat(workers.stream()
                        .mapToDouble(w -> w.sum("gantry_step_duration_seconds_count", "environment=\"other\""))
                        .sum())
                .isGreaterThanOrEqualTo(ROWS);
        assertThat(workers.stream()
                        .mapToDouble(w -> w.sum("gantry_step_duration_seconds_count", "environment=\"nowhere\""))
                        .sum())
                .isZero();
        for (Scrape worker : workers) {
            assertThat(worker.samples().stream()
                            .filter(s -> s.name().equals("gantry_step_duration_seconds_bucket"))
                            .count())
                    .as("a percentile histogram, not just count and sum")
                    .isGreaterThan(20);
            assertThat(worker.sum("gantry_worker_slots", "state=\"busy\"")).isZero();
            // the farm's workers run the default partitions x 16 chains
            assertThat(worker.sum("gantry_worker_slots"))
                    .isEqualTo(Integer.parseInt(dev.gantry.worker.config.WorkerProperties.DEFAULT_PARTITIONS) * 16);
            assertThat(worker.sum("gantry_worker_heartbeat_seconds"))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30.0));
        }
    }

    @Test
    @Order(2)
    void everyMetricOfTheDashboardsAndAlertRulesIsExposed() throws IOException {
        Scrape controlPlane = controlPlaneScrapeAfterTheRuns();
        Set<String> exposed = new TreeSet<>(controlPlane.names());
        for (String url : appUrls().subList(1, appUrls().size())) {
            exposed.addAll(Scrape.of(url).names());
        }
        // Prometheus adds these itself to every target
        exposed.addAll(Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped"));
        Path out = Path.of("target/operations");
        Files.createDirectories(out);
        Files.write(out.resolve("exposed-metrics.txt"), exposed);

        List<MetricReferences.Expression> expressions = new ArrayList<>(MetricReferences.dashboardExpressions());
        expressions.addAll(MetricReferences.alertExpressions());
        assertThat(MetricReferences.dashboardFiles()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(expressions).hasSizeGreaterThan(20);
        Map<String, Set<String>> missing = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (MetricReferences.Expression e : expressions) {
            Set<String> names = MetricReferences.metricNames(e.expr());
            assertThat(names).as("no metric in %s: %s", e.where(), e.expr()).isNotEmpty();
            used.addAll(names);
            for (String name : names) {
                if (!exposed.contains(name)) {
                    missing.computeIfAbsent(name, n -> new TreeSet<>()).add(e.where());
                }
            }
        }
        Files.write(out.resolve("used-metrics.txt"), used);
        assertThat(missing)
                .as("metrics used by dashboards or alert rules but exposed by neither app")
                .isEmpty();
        assertThat(used).contains("gantry_steps_total", "gantry_step_duration_seconds_bucket", "gantry_worker_slots");
    }

    @Test
    @Order(3)
    void promtoolAcceptsTheRulesAndARealPrometheusScrapesBothApps() throws Exception {
        PrometheusBinaries binaries = PrometheusBinaries.find();
        Path dir = Files.createTempDirectory("gantry-prometheus");
        try {
            assertThat(run(binaries.promtool().toString(), "check", "rules", MetricReferences.ALERT_RULES.toString()))
                    .contains("SUCCESS");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> workerTargets = appUrls().subList(1, appUrls().size()).stream()
                    .map(u -> "'" + URI.create(u).getAuthority() + "'")
                    .toList();
            // the same jobs and rules as deploy/prometheus/prometheus.yml, pointed at this farm
            Files.copy(MetricReferences.ALERT_RULES, dir.resolve("alerts.yml"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [alerts.yml]
                    scrape_configs:
                      - job_name: gantry-control-plane
                        metrics_path: /actuator/prometheus
                        static_configs: [{targets: ['%s']}]
                      - job_name: gantry-worker
                        metrics_path: /actuator/prometheus
                        static_configs: [{targets: [%s]}]
                    """
                            .formatted(
                                    URI.create(farm.managementUrl()).getAuthority(), String.join(", ", workerTargets)));
            assertThat(run(binaries.promtool().toString(), "check", "config", config.toString()))
                    .contains("SUCCESS");
            assertThat(run(
                            binaries.promtool().toString(),
                            "check",
                            "config",
                            MetricReferences.ROOT
                                    .resolve("deploy/prometheus/prometheus.yml")
                                    .toString()))
                    .contains("SUCCESS");

            Process prometheus = new ProcessBuilder(
                            binaries.prometheus().toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/";
                JsonNode targets = waitFor(
                        api + "targets",
                        body -> body.path("data").path("activeTargets").size()
                                        == appUrls().size()
                                && body.path("data")
                                        .path("activeTargets")
                                        .valueStream()
                                        .allMatch(t ->
                                                "up".equals(t.path("health").asString())),
                        dir);
                assertThat(targets.path("data").path("activeTargets").size()).isEqualTo(1 + farm.workers.size());
                JsonNode steps = waitFor(
                        api + "query?query=" + URLEncoder.encode("sum(gantry_steps_total)", StandardCharsets.UTF_8),
                        body -> body.path("data").path("result").size() == 1,
                        dir);
                assertThat(steps.path("data")
                                .path("result")
                                .get(0)
                                .path("value")
                                .get(1)
                                .asDouble())
                        .isGreaterThanOrEqualTo(4 * ROWS);
                JsonNode rules = waitFor(
                        api + "rules",
                        body -> body.path("data")
                                .path("groups")
                                .valueStream()
                                .flatMap(g -> g.path("rules").valueStream())
                                .allMatch(r -> "ok".equals(r.path("health").asString())
                                        && r.hasNonNull("lastEvaluation")
                                        && !r.path("lastEvaluation").asString().startsWith("0001")),
                        dir);
                assertThat(rules.path("data")
                                .path("groups")
                                .valueStream()
                                .mapToInt(g -> g.path("rules").size())
                                .sum())
                        .isEqualTo(MetricReferences.alertExpressions().size());
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static JsonNode waitFor(String url, java.util.function.Predicate<JsonNode> done, Path dir)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicReference<String> last = new AtomicReference<>("(no answer)");
        try {
            return await("Prometheus answering " + url + " as expected")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> {
                                try {
                                    HttpResponse<String> response = http.send(
                                            HttpRequest.newBuilder(URI.create(url))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    last.set(response.body());
                                    return response.statusCode() == 200 ? Api.JSON.readTree(response.body()) : null;
                                } catch (IOException notYet) {
                                    last.set(notYet.toString());
                                    return null;
                                }
                            },
                            body -> body != null && done.test(body));
        } catch (ConditionTimeoutException notThere) {
            String log =
                    Files.exists(dir.resolve("prometheus.log")) ? Files.readString(dir.resolve("prometheus.log")) : "";
            throw new AssertionError(
                    notThere.getMessage() + "\nlast answer: " + last.get() + "\nlog:\n" + log, notThere);
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
