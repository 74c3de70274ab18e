package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Workers as separate processes, one of them killed with SIGKILL in the middle of a run: its
 * unacknowledged partition requests go to the surviving worker, which resumes each partition from
 * its last committed chunk. The run still counts every step exactly once.
 */
class WorkerCrashIT {
    static final int ROWS = 800;

    static Farm farm;
    static HttpServer target;
    static final AtomicLong requests = new AtomicLong();
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        farm = Farm.withWorkers(0);
        target = TestTargets.start("/slow", exchange -> {
            requests.incrementAndGet();
            TargetPace.pauseMillis(30);
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
    }

    @AfterAll
    static void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (target != null) {
            target.stop(0);
        }
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void aKilledWorkersPartitionsAreFinishedByAnotherAndCountedOnce() throws Exception {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        assertThat(api.post(
                                "/api/v1/suites/" + suite + "/cases",
                                aCase("slow")
                                        .get("/slow/{{n}}")
                                        .expectStatus(200)
                                        .expectJson("$.ok", "equals", "true")
                                        .build())
                        .status())
                .isEqualTo(201);
        List<Map<String, Object>> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> Map.<String, Object>of("n", i))
                .toList();
        assertThat(api.post("/api/v1/suites/" + suite + "/data-sets", Map.of("name", "n", "rows", rows))
                        .status())
                .isEqualTo(201);

        Process doomed = startWorkerProcess("doomed");
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        long doneWhenKilled = waitUntilSomeButNotAllStepsAreDone(api, run);
        doomed.destroyForcibly().waitFor();

        startWorkerProcess("survivor");
        JsonNode finished = api.waitForEnd(run, Duration.ofMinutes(2));

        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");
        JsonNode totals = finished.get("totals");
        assertThat(totals.get("done").asLong()).isEqualTo(ROWS);
        assertThat(totals.get("passed").asLong()).isEqualTo(ROWS);
        farm.assertEveryStepCountedOnce(run, ROWS);
        // requests of the chunks in flight at the kill were sent again; they were counted once
        System.out.printf(
                "killed after %d steps; target saw %d requests for %d steps%n", doneWhenKilled, requests.get(), ROWS);
        assertThat(requests.get()).isGreaterThanOrEqualTo(ROWS);
    }

    private static long waitUntilSomeButNotAllStepsAreDone(Api api, UUID run) {
        return await("the worker process executing the run, some steps done but not half")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(
                        () -> {
                            long done = api.get("/api/v1/runs/" + run)
                                    .body()
                                    .get("totals")
                                    .get("done")
                                    .asLong();
                            assertThat(done)
                                    .as("the run finished before the worker could be killed")
                                    .isLessThan(ROWS);
                            return done;
                        },
                        done -> done > 0 && done < ROWS / 2);
    }

    private static Process startWorkerProcess(String name) throws Exception {
        int port = AppProcesses.freePort();
        Process process = AppProcesses.start("worker", "worker-" + name, port, farm.workerProcessArguments(port, 4));
        processes.add(process);
        return process;
    }
}
