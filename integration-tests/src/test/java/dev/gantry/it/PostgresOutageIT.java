package dev.gantry.it;

import static dev.gantry.it.Scenarios.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.RedisKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL taken away from one of two workers in the middle of a run (every connection dropped,
 * new ones refused, for 2 s). The chunk under way cannot commit, and often the partition's end
 * cannot be recorded either; its request goes back to the queue and the partition resumes from
 * its last committed chunk once PostgreSQL is back. The run passes, every step counted exactly
 * once, the same in its totals, its partitions and its per-case results.
 */
class PostgresOutageIT {
    static final int ROWS = 2_000;

    static Farm farm;
    static CuttableProxy postgresProxy;
    static HttpServer target;

    @BeforeAll
    static void setUp() throws Exception {
        farm = Farm.withWorkers(0);
        postgresProxy = new CuttableProxy(farm.services.postgres.host(), farm.services.postgres.port());
        // slow, narrow workers, so that the run lasts long enough to be cut in the middle
        farm.startWorker(Map.of(
                "spring.datasource.url",
                farm.services
                        .jdbcUrl(farm.redisPrefix())
                        .replace(":" + farm.services.postgres.port() + "/", ":" + postgresProxy.port() + "/"),
                "gantry.worker.concurrency",
                "8",
                "gantry.worker.partitions",
                "1"));
        farm.startWorker(Map.of("gantry.worker.concurrency", "8", "gantry.worker.partitions", "1"));
        target = TestTargets.start("/slow", exchange -> {
            RunEndToEndIT.sleep(15);
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (target != null) {
            target.stop(0);
        }
        if (farm != null) {
            farm.close();
        }
        if (postgresProxy != null) {
            postgresProxy.close();
        }
    }

    @Test
    void aWorkerCutOffFromPostgresResumesItsPartitionAndCountsEveryStepOnce() throws Exception {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        api.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("slow").get("/slow/{{n}}").expectStatus(200).build());
        Scenarios.numberedRows(api, workspace.suite(), ROWS);
        UUID run = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");

        Instant patience = Instant.now().plusSeconds(60);
        long done;
        while ((done = api.get("/api/v1/runs/" + run)
                        .body()
                        .get("totals")
                        .get("done")
                        .asLong())
                < ROWS / 5) {
            assertThat(Instant.now()).as("the run never got going").isBefore(patience);
            RunEndToEndIT.sleep(20);
        }
        assertThat(done)
                .as("the run finished before PostgreSQL could be taken away")
                .isLessThan(ROWS / 2);
        postgresProxy.cut();
        RunEndToEndIT.sleep(2_000);
        long doneDuringOutage =
                api.get("/api/v1/runs/" + run).body().get("totals").get("done").asLong();
        postgresProxy.restore();

        JsonNode finished = api.waitForEnd(run, Duration.ofMinutes(2));
        System.out.printf(
                "PostgreSQL cut after %d steps, %d counted by the end of the outage%n", done, doneDuringOutage);
        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");
        assertThat(finished.get("totals").get("done").asLong()).isEqualTo(ROWS);
        assertThat(finished.get("totals").get("passed").asLong()).isEqualTo(ROWS);
        assertThat(finished.get("cases").get(0).get("passed").asLong()).isEqualTo(ROWS);
        try (Connection db = farm.database()) {
            ResultSet r = db.createStatement()
                    .executeQuery(
                            "select sum(steps_done), sum(passed) from run_partitions where run_id = '" + run + "'");
            r.next();
            assertThat(r.getLong(1)).isEqualTo(ROWS);
            assertThat(r.getLong(2)).isEqualTo(ROWS);
        }
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        assertThat(redis.getMap(new RedisKeys(farm.redisPrefix()).details(run), StringCodec.INSTANCE)
                        .size())
                .isEqualTo(ROWS);
    }
}
