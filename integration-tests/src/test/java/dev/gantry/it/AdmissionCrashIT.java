package dev.gantry.it;

import static dev.gantry.it.Scenarios.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A control plane process holding a tenant's only run permit is killed with SIGKILL: another
 * control plane admits the tenant's next queued run within the permit's lease, and ends the
 * orphaned run in ERROR saying why.
 */
class AdmissionCrashIT {
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Map<String, Object> SETTINGS =
            Map.of("gantry.runs.permit-lease", LEASE.toSeconds() + "s", "gantry.runs.admission-interval", "200ms");

    static Farm farm;
    static HttpServer target;
    static Process doomed;

    @BeforeAll
    static void setUp() {
        farm = Farm.withControlPlane(1, SETTINGS);
        target = TestTargets.start("/", exchange -> {
            RunEndToEndIT.sleep(1_500);
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
    }

    @AfterAll
    static void tearDown() {
        if (doomed != null) {
            doomed.destroyForcibly();
        }
        if (target != null) {
            target.stop(0);
        }
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void aKilledControlPlanesPermitComesBackWithinTheLease() throws Exception {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        String plan = "one-at-a-time-" + UUID.randomUUID();
        admin.post("/api/v1/admin/plans", Map.of("name", plan, "limits", Map.of("MaxConcurrentRuns", 1)));
        Api.Answer tenant = admin.post(
                "/api/v1/admin/tenants",
                Map.of(
                        "name",
                        "crash-" + UUID.randomUUID(),
                        "plan",
                        plan,
                        "adminEmail",
                        UUID.randomUUID() + "@it.test"));
        assertThat(tenant.status()).as(tenant.raw()).isEqualTo(201);
        String key = tenant.text("apiKey");

        int port = AppProcesses.freePort();
        int managementPort = AppProcesses.freePort();
        doomed = AppProcesses.start(
                "control-plane",
                "control-plane-doomed",
                managementPort,
                farm.controlPlaneProcessArguments(port, managementPort, SETTINGS));
        Api viaDoomed = new Api("http://127.0.0.1:" + port, key);
        Api viaSurvivor = admin.as(key);

        Scenarios.Workspace workspace = Scenarios.workspace(viaDoomed, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        viaDoomed.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("slow").get("/slow/{{n}}").build());
        List<Map<String, Object>> rows = IntStream.range(0, 48)
                .mapToObj(i -> Map.<String, Object>of("n", i))
                .toList();
        viaDoomed.post("/api/v1/suites/" + suite + "/data-sets", Map.of("name", "rows", "rows", rows));

        // the doomed control plane admits the first run (the tenant's only permit) ...
        UUID first = viaDoomed
                .post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        waitForStatus(viaSurvivor, first, "RUNNING");
        assertThat(admin.get("/api/v1/admin/permits").raw())
                .contains(first + "")
                .contains(doomed.pid() + "@");
        // ... so the second waits
        UUID second = viaDoomed
                .post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        RunEndToEndIT.sleep(500);
        assertThat(viaSurvivor.get("/api/v1/runs/" + second).text("status")).isEqualTo("QUEUED");

        doomed.destroyForcibly().waitFor();
        Instant killed = Instant.now();

        Instant admitted = waitForAdmission(second);
        assertThat(Duration.between(killed, admitted))
                .as("the second run is admitted within the lease of the dead control plane's permit")
                .isLessThan(LEASE.plusSeconds(1));

        JsonNode orphan = viaSurvivor.waitForEnd(first, Duration.ofSeconds(30));
        assertThat(orphan.get("status").asString()).isEqualTo("ERROR");
        assertThat(orphan.get("error").asString()).contains("control plane").contains("lease");
        JsonNode next = viaSurvivor.waitForEnd(second, Duration.ofMinutes(1));
        assertThat(next.get("status").asString()).as(next.toString()).isEqualTo("PASSED");
    }

    private static void waitForStatus(Api api, UUID run, String status) {
        for (int i = 0; i < 200; i++) {
            if (api.get("/api/v1/runs/" + run).text("status").equals(status)) {
                return;
            }
            RunEndToEndIT.sleep(50);
        }
        throw new AssertionError("run " + run + " never became " + status);
    }

    private static Instant waitForAdmission(UUID run) throws Exception {
        try (Connection db = farm.database();
                Statement s = db.createStatement()) {
            for (int i = 0; i < 400; i++) {
                try (ResultSet rs = s.executeQuery("select admitted_at from runs where id = '" + run + "'")) {
                    rs.next();
                    Timestamp admitted = rs.getTimestamp(1);
                    if (admitted != null) {
                        return admitted.toInstant();
                    }
                }
                RunEndToEndIT.sleep(25);
            }
        }
        throw new AssertionError("run " + run + " was never admitted");
    }
}
