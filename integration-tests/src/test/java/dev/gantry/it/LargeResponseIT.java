package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A target answers with a gigabyte: a worker process with a heap far smaller than that keeps only
 * the environment's bound of each body (counting the rest), fails the steps whose checks needed
 * more with a message saying so, and goes on to pass another run.
 */
class LargeResponseIT {
    static final long GIGABYTE = 1L << 30;
    static final long KEPT = 2L << 20;
    static final int HUGE_ANSWERS = 3;

    static Farm farm;
    static HttpServer target;
    static Process worker;

    @BeforeAll
    static void setUp() throws Exception {
        farm = Farm.withWorkers(0);
        target = TestTargets.start("/", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/huge")) {
                byte[] block = new byte[64 * 1024];
                Arrays.fill(block, (byte) 'a');
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, GIGABYTE);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long sent = 0; sent < GIGABYTE; sent += block.length) {
                        out.write(block);
                    }
                }
            } else {
                TestTargets.json(exchange, 200, "{\"ok\":true}");
            }
        });
        int port = AppProcesses.freePort();
        // a heap a gigabyte answer (let alone three at once) could never fit in
        worker = AppProcesses.start(
                "worker", "worker-small-heap", port, List.of("-Xmx256m"), farm.workerProcessArguments(port, 4));
    }

    @AfterAll
    static void tearDown() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        Farm.closeAll(farm, target);
    }

    @Test
    void aGigabyteAnswerCostsTheWorkerItsBoundAndTheStepFailsSayingSo() {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace huge = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        Api.Answer bounded = api.put(
                "/api/v1/environments/" + huge.environment(),
                Map.of("name", "target", "baseUrl", Scenarios.baseUrlOf(target), "maxResponseBytes", KEPT));
        assertThat(bounded.status()).as(bounded.raw()).isEqualTo(200);
        assertThat(bounded.body().get("maxResponseBytes").asLong()).isEqualTo(KEPT);
        api.post(
                "/api/v1/suites/" + huge.suite() + "/cases",
                aCase("huge")
                        .get("/huge/{{n}}")
                        .expectStatus(200)
                        .expectJson("$.done", "equals", "true")
                        .build());
        Scenarios.numberedRows(api, huge.suite(), HUGE_ANSWERS);

        UUID first = api.post("/api/v1/suites/" + huge.suite() + "/runs", Map.of("environmentId", huge.environment()))
                .id("runId");
        JsonNode ended = api.waitForEnd(first, Duration.ofMinutes(3));
        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("FAILED");
        assertThat(ended.get("totals").get("failed").asLong()).isEqualTo(HUGE_ANSWERS);
        JsonNode step = api.get("/api/v1/runs/" + first + "/steps?status=failed")
                .body()
                .get("items")
                .get(0);
        assertThat(step.get("responseBytes").asLong())
                .as("the whole size is counted")
                .isEqualTo(GIGABYTE);
        assertThat(step.get("failures").get(0).get("actual").asString())
                .contains("checked on the first " + KEPT + " characters of " + GIGABYTE + " bytes");
        assertThat(worker.isAlive())
                .as("the worker survived three gigabyte answers at once")
                .isTrue();

        Scenarios.Workspace small = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        api.post(
                "/api/v1/suites/" + small.suite() + "/cases",
                aCase("ok").get("/ok/{{n}}").expectStatus(200).build());
        Scenarios.numberedRows(api, small.suite(), 50);
        UUID second = api.post(
                        "/api/v1/suites/" + small.suite() + "/runs", Map.of("environmentId", small.environment()))
                .id("runId");
        JsonNode passed = api.waitForEnd(second, Duration.ofMinutes(1));
        assertThat(passed.get("status").asString()).as(passed.toString()).isEqualTo("PASSED");

        Api.Answer tooMuch = api.put(
                "/api/v1/environments/" + huge.environment(),
                Map.of("name", "target", "baseUrl", Scenarios.baseUrlOf(target), "maxResponseBytes", GIGABYTE));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.raw()).contains("maxResponseBytes").contains("cap");
    }
}
