package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

/** Retries end to end: a target that fails every first call; each step passes on its retry as FLAKY. */
class FlakyIT {
    static final int ROWS = 60;

    static Farm farm;
    static HttpServer target;
    static final Map<String, Integer> calls = new ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        farm = Farm.get();
        target = TestTargets.start("/orders", exchange -> {
            boolean first = calls.merge(exchange.getRequestURI().getPath(), 1, Integer::sum) == 1;
            TestTargets.json(exchange, first ? 503 : 200, first ? "{\"busy\":true}" : "{\"ok\":true}");
        });
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void stepsThatPassOnARetryAreCountedAsFlakyAndTheRunPasses() {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID environment = workspace.environment();
        UUID suite = workspace.suite();
        Map<String, Object> order =
                aCase("order").get("/orders/{{n}}").expectStatus(200).build();
        order.put("retry", Map.of("attempts", 3, "backoffMs", 5, "on", List.of("serverError")));
        assertThat(api.post("/api/v1/suites/" + suite + "/cases", order).status())
                .isEqualTo(201);
        api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of(
                        "name",
                        "n",
                        "rows",
                        IntStream.range(0, ROWS)
                                .mapToObj(i -> Map.<String, Object>of("n", i))
                                .toList()));

        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        JsonNode finished = api.waitForEnd(run, Duration.ofMinutes(1));

        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");
        JsonNode totals = finished.get("totals");
        assertThat(totals.get("done").asLong()).isEqualTo(ROWS);
        assertThat(totals.get("flaky").asLong()).isEqualTo(ROWS);
        assertThat(totals.get("passed").asLong()).isZero();
        assertThat(totals.get("failed").asLong()).isZero();
        assertThat(finished.get("cases").get(0).get("flaky").asLong()).isEqualTo(ROWS);

        // every attempt is kept; the failed first attempts are listed but never counted as failures
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        RedisKeys keys = new RedisKeys(farm.redisPrefix());
        assertThat(redis.getScoredSortedSet(keys.order(run), StringCodec.INSTANCE)
                        .size())
                .isEqualTo(2 * ROWS);
        assertThat(redis.getScoredSortedSet(keys.status(run, StepStatus.FLAKY), StringCodec.INSTANCE)
                        .size())
                .isEqualTo(ROWS);
        assertThat(redis.getKeys().countExists(keys.status(run, StepStatus.FAILED)))
                .isZero();
        JsonNode flaky =
                api.get("/api/v1/runs/" + run + "/steps?status=flaky&size=1").body();
        assertThat(flaky.get("total").asLong()).isEqualTo(ROWS);
        assertThat(flaky.get("items").get(0).get("attempt").asInt()).isEqualTo(2);
        JsonNode all = api.get("/api/v1/runs/" + run + "/steps?size=2").body();
        assertThat(all.get("items").get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(all.get("items").get(0).get("responseStatus").asInt()).isEqualTo(503);
        assertThat(all.get("items").get(1).get("status").asString()).isEqualTo("FLAKY");
    }
}
