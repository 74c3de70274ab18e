package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The control plane process that drives a run is stopped in the middle of it, by SIGKILL or by
 * SIGTERM: the control plane left takes the run over from the JobRepository and finishes it as if
 * nothing had happened. Every step is counted once and has one detail, the target sees each
 * request exactly once (partitions running on the workers were waited for, never sent twice), and
 * the tenant's only run permit went with the run: its next run waits until the first has ended.
 */
class ControlPlaneTakeoverIT {
    static final Duration LEASE = Duration.ofSeconds(3);
    static final int ROWS = 480;
    static final Map<String, Object> SETTINGS = Map.of(
            "gantry.runs.permit-lease", LEASE.toSeconds() + "s",
            "gantry.runs.admission-interval", "200ms",
            "gantry.runs.min-work-items-per-partition", "20",
            "gantry.runs.max-work-items-per-partition", "40");

    static Farm farm;
    static HttpServer target;
    static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        farm = Farm.withControlPlane(0, SETTINGS);
        // small chunks on two workers: the run lasts seconds, its partitions in waves of four
        farm.startWorker(Map.of("gantry.worker.concurrency", "4"));
        farm.startWorker(Map.of("gantry.worker.concurrency", "4"));
        target = TestTargets.start("/", exchange -> {
            requests.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger())
                    .incrementAndGet();
            TargetPace.pauseMillis(100);
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
    }

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
        processes.clear();
    }

    @AfterAll
    static void tearDown() {
        Farm.closeAll(farm, target);
    }

    @Test
    void aRunWhoseControlPlaneIsKilledIsTakenOverAndFinishedExactly() throws Exception {
        Tenant tenant = tenantWithOneRunAtATime();
        ControlPlane doomed = startControlPlaneProcess("killed");
        Runs runs = twoRuns(tenant, doomed);

        doomed.process().destroyForcibly().waitFor();
        Instant killed = Instant.now();

        Instant takenOver = awaitTakeover(runs.first(), doomed);
        assertThat(Duration.between(killed, takenOver))
                .as("a killed control plane's run is taken over once its lease has lapsed")
                .isGreaterThanOrEqualTo(LEASE.dividedBy(2));
        assertFinishedExactly(tenant, runs);
    }

    @Test
    void aControlPlaneStoppedWithSigtermHandsItsRunOverAtOnce() throws Exception {
        Tenant tenant = tenantWithOneRunAtATime();
        ControlPlane doomed = startControlPlaneProcess("stopped");
        Runs runs = twoRuns(tenant, doomed);

        Instant stopping = Instant.now();
        doomed.process().destroy(); // SIGTERM, as a rolling deploy does

        Instant takenOver = awaitTakeover(runs.first(), doomed);
        assertThat(Duration.between(stopping, takenOver))
                .as("a stopped control plane hands its run over without waiting for the lease")
                .isLessThan(LEASE);
        assertThat(doomed.process().waitFor())
                .as("the stopped control plane exits cleanly")
                .isIn(0, 143);
        assertFinishedExactly(tenant, runs);
    }

    record Tenant(String key, Api api) {}

    record Runs(UUID first, UUID second, String pathPrefix, Api viaSurvivor) {}

    record ControlPlane(Process process, int port) {
        String owner() {
            return process.pid() + "@";
        }
    }

    private static Tenant tenantWithOneRunAtATime() {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        String plan = "takeover-" + UUID.randomUUID();
        Api.Answer created = admin.post(
                "/api/v1/admin/plans",
                Map.of("name", plan, "limits", Map.of("MaxConcurrentRuns", 1, "MaxParallelPartitions", 4)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Scenarios.Tenant tenant =
                Scenarios.tenant(admin, aTenant().named("takeover").onPlan(plan));
        return new Tenant(tenant.apiKey(), tenant.api());
    }

    /** Two runs through the doomed control plane: the first under way on the workers, the second queued. */
    private static Runs twoRuns(Tenant tenant, ControlPlane doomed) throws Exception {
        String prefix = "/" + UUID.randomUUID().toString().substring(0, 8);
        Api viaDoomed = new Api("http://127.0.0.1:" + doomed.port(), tenant.key());
        Scenarios.Workspace workspace = Scenarios.workspace(viaDoomed, Scenarios.baseUrlOf(target));
        Api.Answer created = viaDoomed.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("paced").get(prefix + "/{{n}}").expectStatus(200).build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        List<Map<String, Object>> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> Map.<String, Object>of("n", i))
                .toList();
        viaDoomed.post("/api/v1/suites/" + workspace.suite() + "/data-sets", Map.of("name", "rows", "rows", rows));

        UUID first = viaDoomed
                .post("/api/v1/suites/" + workspace.suite() + "/runs", Map.of("environmentId", workspace.environment()))
                .id("runId");
        UUID second = viaDoomed
                .post("/api/v1/suites/" + workspace.suite() + "/runs", Map.of("environmentId", workspace.environment()))
                .id("runId");
        Api viaSurvivor = tenant.api();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    long done = viaSurvivor
                            .get("/api/v1/runs/" + first)
                            .body()
                            .get("totals")
                            .get("done")
                            .asLong();
                    assertThat(done)
                            .as("the run ended before its control plane could be stopped")
                            .isLessThan(ROWS / 3);
                    return done > 0;
                });
        assertThat(owner(first)).startsWith(doomed.owner());
        assertThat(viaSurvivor.get("/api/v1/runs/" + second).text("status")).isEqualTo("QUEUED");
        return new Runs(first, second, prefix, viaSurvivor);
    }

    private static void assertFinishedExactly(Tenant tenant, Runs runs) throws Exception {
        JsonNode first = runs.viaSurvivor().waitForEnd(runs.first(), Duration.ofMinutes(2));
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("PASSED");
        assertThat(first.get("totals").get("done").asLong()).isEqualTo(ROWS);
        assertThat(first.get("totals").get("passed").asLong()).isEqualTo(ROWS);
        farm.assertEveryStepCountedOnce(runs.first(), ROWS);
        String prefix = runs.pathPrefix() + "/";
        assertThat(requests.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(prefix))
                        .mapToInt(e -> e.getValue().get()))
                .as("each request reached the target exactly once")
                .hasSize(ROWS)
                .allMatch(n -> n == 1);
        assertThat(jobExecutions(runs.first()))
                .as("the job was restarted from the JobRepository, not started anew")
                .isEqualTo(2);

        JsonNode second = runs.viaSurvivor().waitForEnd(runs.second(), Duration.ofMinutes(2));
        assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("PASSED");
        assertThat(admittedAt(runs.second()))
                .as("the tenant's only run permit stayed with the taken-over run until it ended")
                .isAfterOrEqualTo(finishedAt(runs.first()));
    }

    private static ControlPlane startControlPlaneProcess(String name) throws Exception {
        int port = AppProcesses.freePort();
        int managementPort = AppProcesses.freePort();
        Process process = AppProcesses.start(
                "control-plane",
                "control-plane-" + name,
                managementPort,
                farm.controlPlaneProcessArguments(port, managementPort, SETTINGS));
        processes.add(process);
        return new ControlPlane(process, port);
    }

    /** When the run's owner changed from the doomed control plane to another. */
    private static Instant awaitTakeover(UUID run, ControlPlane doomed) {
        await().atMost(LEASE.multipliedBy(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    String owner = owner(run);
                    return owner != null && !owner.startsWith(doomed.owner());
                });
        return Instant.now();
    }

    private static String owner(UUID run) throws Exception {
        return farm.queryOne("select admitted_by from runs where id = ?", run, rs -> rs.getString(1));
    }

    private static Instant admittedAt(UUID run) throws Exception {
        return farm.queryOne("select admitted_at from runs where id = ?", run, rs -> rs.getTimestamp(1)
                .toInstant());
    }

    private static Instant finishedAt(UUID run) throws Exception {
        return farm.queryOne("select finished_at from runs where id = ?", run, rs -> rs.getTimestamp(1)
                .toInstant());
    }

    private static long jobExecutions(UUID run) throws Exception {
        return farm.queryOne(
                """
                select count(*) from batch_job_execution where job_instance_id = (select job_instance_id
                    from batch_job_execution where job_execution_id = (select job_execution_id from runs where id = ?))
                """,
                run,
                rs -> rs.getLong(1));
    }
}
