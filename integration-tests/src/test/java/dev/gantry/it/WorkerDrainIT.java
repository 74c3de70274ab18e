package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.demo.sampleapi.SampleApiServer;
import dev.gantry.testsupport.RequestBodies;
import dev.gantry.worker.fleet.WorkerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Operators list the live workers and drain one: it takes no partition until the drain is lifted. */
class WorkerDrainIT {
    static Farm farm;
    static SampleApiServer target;
    static Api admin;

    @BeforeAll
    static void setUp() {
        farm = Farm.withWorkers(2);
        target = SampleApiServer.start(0);
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void aDrainedWorkerTakesNoPartitionUntilTheDrainIsLifted() {
        List<JsonNode> workers = waitForWorkers("both workers listed", list -> list.size() == 2);
        String drained = workers.get(0).get("worker").get("id").asString();
        ConfigurableApplicationContext drainedContext = farm.workers.stream()
                .filter(w -> w.getBean(WorkerRegistry.class).id().equals(drained))
                .findFirst()
                .orElseThrow();

        assertThat(admin.post("/api/v1/admin/workers/" + drained + "/drain", Map.of())
                        .status())
                .isEqualTo(202);
        assertThat(admin.post("/api/v1/admin/workers/no-such-worker/drain", Map.of())
                        .status())
                .isEqualTo(404);
        waitForWorkers("the drained worker listed as draining", list -> list.stream()
                .anyMatch(w -> w.get("worker").get("id").asString().equals(drained)
                        && w.get("worker").get("draining").asBoolean()));

        UUID[] suite = suite();
        double before = steps(drainedContext);
        assertThat(run(suite).get("status").asString()).isEqualTo("PASSED");
        assertThat(steps(drainedContext))
                .as("a drained worker executes nothing")
                .isEqualTo(before);

        assertThat(admin.delete("/api/v1/admin/workers/" + drained + "/drain").status())
                .isEqualTo(202);
        waitForWorkers("no worker listed as draining", list -> list.stream()
                .noneMatch(w -> w.get("worker").get("draining").asBoolean()));
        assertThat(run(suite).get("status").asString()).isEqualTo("PASSED");
        assertThat(steps(drainedContext)).as("it takes partitions again").isGreaterThan(before);
    }

    /** 400 rows in 16 partitions: both workers get some when both consume. */
    private static UUID[] suite() {
        Scenarios.Workspace workspace =
                Scenarios.workspace(admin, target.baseUri().toString());
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        admin.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("list").get("/items").expectStatus(200).build());
        admin.post(
                "/api/v1/suites/" + suite + "/data-sets", Map.of("name", "rows", "rows", RequestBodies.itemRows(400)));
        return new UUID[] {suite, environment};
    }

    private static JsonNode run(UUID[] suite) {
        UUID run = admin.post("/api/v1/suites/" + suite[0] + "/runs", Map.of("environmentId", suite[1]))
                .id("runId");
        return admin.waitForEnd(run, Duration.ofMinutes(1));
    }

    private static double steps(ConfigurableApplicationContext worker) {
        return worker.getBean(MeterRegistry.class).find("gantry.steps").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static List<JsonNode> waitForWorkers(String what, Predicate<List<JsonNode>> condition) {
        return await(what)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> admin.get("/api/v1/admin/workers")
                                .body()
                                .valueStream()
                                .toList(),
                        condition);
    }
}
