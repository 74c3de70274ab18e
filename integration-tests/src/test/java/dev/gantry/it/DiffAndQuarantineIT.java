package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Run comparison and flaky quarantine over a short history: a "wobbly" case failing on rows
 * 1 and 3 in one run and passing in the next, a "steady" case that turns slow. The diff names
 * the new failures, the fixed rows and the slower case; the flake score singles out "wobbly";
 * quarantined, its failures no longer fail the run but are reported apart.
 */
class DiffAndQuarantineIT {
    static Farm farm;
    static HttpServer target;
    static volatile boolean wobblyFails;
    static volatile int steadyDelayMs;
    static Api api;
    static UUID suite;
    static UUID environment;
    static UUID wobbly;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/steady") && steadyDelayMs > 0) {
                TargetPace.pauseMillis(steadyDelayMs);
            }
            int row = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            boolean fail = path.startsWith("/wobbly") && wobblyFails && row % 2 == 1;
            TestTargets.json(exchange, fail ? 500 : 200, "{}");
        });
        api = new Api(farm.baseUrl(), farm.adminKey);
        UUID project = api.post("/api/v1/projects", Map.of("name", "diff-" + UUID.randomUUID()))
                .id();
        environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "t",
                                "baseUrl",
                                "http://127.0.0.1:" + target.getAddress().getPort()))
                .id();
        suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "history"))
                .id();
        api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("steady").get("/steady/{{n}}").expectStatus(200).build());
        wobbly = api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("wobbly").get("/wobbly/{{n}}").expectStatus(200).build())
                .id();
        api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of(
                        "name",
                        "n",
                        "rows",
                        IntStream.range(0, 4)
                                .mapToObj(i -> Map.<String, Object>of("n", i))
                                .toList()));
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    static JsonNode run() {
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        return api.waitForEnd(run, Duration.ofSeconds(60));
    }

    @Test
    void diffFlakeScoreAndQuarantine() {
        wobblyFails = true;
        JsonNode first = run();
        assertThat(first.get("status").asString()).isEqualTo("FAILED");
        wobblyFails = false;
        JsonNode second = run();
        assertThat(second.get("status").asString()).isEqualTo("PASSED");
        wobblyFails = true;
        steadyDelayMs = 120;
        JsonNode third = run();

        JsonNode fixed = api.get("/api/v1/runs/" + second.get("id").asString() + "/diff?base="
                        + first.get("id").asString())
                .body();
        assertThat(fixed.get("fixed").size()).isEqualTo(1);
        assertThat(fixed.get("fixed").get(0).get("name").asString()).isEqualTo("wobbly");
        assertThat(fixed.get("fixed").get(0).get("rows").toString()).isEqualTo("[1,3]");
        assertThat(fixed.get("newFailures").size()).isZero();

        // without base: the previous finished run of the suite in the environment; "slower" needs a
        // delta well above the noise of a loaded 2-core machine (steady sleeps 120 ms more)
        JsonNode broke = api.get("/api/v1/runs/" + third.get("id").asString() + "/diff?minDeltaMs=60")
                .body();
        assertThat(broke.get("baseRunId").asString()).isEqualTo(second.get("id").asString());
        assertThat(broke.get("newFailures").get(0).get("name").asString()).isEqualTo("wobbly");
        assertThat(broke.get("newFailures").get(0).get("count").asLong()).isEqualTo(2);
        assertThat(broke.get("slower").size()).as(broke.toString()).isEqualTo(1);
        assertThat(broke.get("slower").get(0).get("name").asString()).isEqualTo("steady");
        assertThat(api.get("/api/v1/runs/" + third.get("id").asString() + "/diff?slowerBy=0.5")
                        .status())
                .isEqualTo(400);

        JsonNode flakiness = api.get("/api/v1/suites/" + suite + "/flakiness").body();
        assertThat(flakiness.get(0).get("name").asString()).isEqualTo("wobbly");
        assertThat(flakiness.get(0).get("flips").asInt()).isEqualTo(2);
        assertThat(flakiness.get(0).get("score").asDouble()).isEqualTo(1.0);
        assertThat(flakiness.get(1).get("score").asDouble()).isZero();

        // quarantined: still runs and is counted, but the verdict ignores it
        Api.Answer quarantined =
                api.put("/api/v1/suites/" + suite + "/quarantine/" + wobbly, Map.of("reason", "flaky upstream"));
        assertThat(quarantined.status()).as(quarantined.raw()).isEqualTo(200);
        steadyDelayMs = 0;
        JsonNode fourth = run();
        assertThat(fourth.get("status").asString()).isEqualTo("PASSED");
        assertThat(fourth.get("totals").get("failed").asLong()).isEqualTo(2);
        String runId = fourth.get("id").asString();
        String junit = api.getText("/api/v1/runs/" + runId + "/reports/junit").raw();
        assertThat(junit)
                .contains("<testsuite name=\"history.wobbly\" tests=\"4\" failures=\"0\" errors=\"0\" skipped=\"2\"")
                .contains("message=\"quarantined: status")
                .contains("<property name=\"gantry.quarantined\" value=\"true\"/>");
        String html = api.getText("/api/v1/runs/" + runId + "/reports/html").raw();
        assertThat(html).contains("id=\"quarantined\"").contains("(quarantined)");
        assertThat(api.get("/api/v1/runs/" + runId + "/reports/json")
                        .body()
                        .get("quarantined")
                        .toString())
                .isEqualTo("[\"wobbly\"]");

        assertThat(api.delete("/api/v1/suites/" + suite + "/quarantine/" + wobbly)
                        .status())
                .isEqualTo(204);
        assertThat(run().get("status").asString()).isEqualTo("FAILED");
        assertThat(api.put("/api/v1/suites/" + suite + "/quarantine/" + UUID.randomUUID(), Map.of())
                        .status())
                .isEqualTo(404);
    }
}
