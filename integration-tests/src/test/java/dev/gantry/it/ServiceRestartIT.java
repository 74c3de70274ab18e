package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each service the farm stands on is restarted, as a server process, in the middle of a run: the
 * RabbitMQ node, Redis (which keeps nothing on disk here, so it comes back empty) and PostgreSQL,
 * under the control plane and the workers alike. No run hangs; each ends PASSED with exact totals,
 * and when Redis lost step details the run says how many and for which work items.
 *
 * <p>These restart the machine's own services (the ones {@link LocalServices} found on loopback),
 * so they run only where those are local and their admin commands exist, and always leave the
 * service running.
 */
class ServiceRestartIT {
    static final int ROWS = 3_000;

    static Farm farm;
    static HttpServer target;
    static Api api;

    @BeforeAll
    static void setUp() {
        LocalServices services = LocalServices.get();
        assumeTrue(
                Stream.of(services.postgres, services.redis, services.rabbit)
                        .allMatch(e -> e.host().equals("127.0.0.1")),
                "the services are local");
        assumeTrue(
                Stream.of("/usr/bin/pg_ctlcluster", "/usr/bin/redis-cli", "/usr/sbin/rabbitmqctl")
                        .allMatch(c -> Files.isExecutable(Path.of(c))),
                "their admin commands are here");
        farm = Farm.withWorkers(0);
        Map<String, Object> narrow = Map.of("gantry.worker.concurrency", "8", "gantry.worker.partitions", "2");
        farm.startWorker(narrow);
        farm.startWorker(narrow);
        target = TestTargets.start("/paced", exchange -> {
            TargetPace.pauseMillis(25); // the run lasts seconds
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
        api = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterAll
    static void tearDown() {
        Farm.closeAll(farm, target);
    }

    @Test
    void rabbitMqRestartedMidRun() throws Exception {
        JsonNode run = runThrough("RabbitMQ", () -> {
            command("rabbitmqctl", "stop");
            command("rabbitmq-server", "-detached");
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> quietly("rabbitmqctl", "await_startup", "--timeout", "5") == 0);
        });
        assertPassedExactly(run);
        farm.assertEveryStepCountedOnce(UUID.fromString(run.get("id").asString()), ROWS);
        assertThat(run.get("detailsLost").isNull()).isTrue();
    }

    @Test
    void postgresRestartedMidRun() throws Exception {
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString())
                    .max(Comparator.comparingDouble(Double::parseDouble))
                    .orElseThrow();
        }
        JsonNode run = runThrough(
                "PostgreSQL",
                () -> command("pg_ctlcluster", "--skip-systemctl-redirect", "-m", "fast", version, "main", "restart"));
        assertPassedExactly(run);
        farm.assertEveryStepCountedOnce(UUID.fromString(run.get("id").asString()), ROWS);
    }

    @Test
    void redisRestartedWithoutItsDataMidRun() throws Exception {
        LocalServices.Endpoint redis = farm.services.redis;
        JsonNode run = runThrough("Redis", () -> {
            quietly("redis-cli", "-h", redis.host(), "-p", String.valueOf(redis.port()), "shutdown", "nosave");
            await().atMost(Duration.ofSeconds(10)).until(() -> !LocalServices.answers(redis));
            command(
                    "redis-server",
                    "--daemonize",
                    "yes",
                    "--bind",
                    "127.0.0.1",
                    "-::1",
                    "--port",
                    String.valueOf(redis.port()),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    "/var/lib/redis",
                    "--logfile",
                    "/var/log/redis/ci.log");
            await().atMost(Duration.ofSeconds(30)).until(() -> LocalServices.answers(redis));
        });
        // the totals are PostgreSQL's and exact; the details written before the restart are gone, and said so
        assertPassedExactly(run);
        JsonNode lost = run.get("detailsLost");
        assertThat(lost.isNull()).as("the run says it lost details: " + run).isFalse();
        assertThat(lost.get("count").asLong()).isBetween(1L, (long) ROWS - 1);
        assertThat(lost.get("note").asString())
                .contains(lost.get("count").asLong() + " of " + ROWS + " step details were lost")
                .contains("work items without details: ");
        Api.Answer steps = api.get("/api/v1/runs/" + run.get("id").asString() + "/steps?size=1");
        assertThat(steps.body().get("total").asLong())
                .isEqualTo(ROWS - lost.get("count").asLong());
    }

    interface Restart {
        void run() throws Exception;
    }

    /** A run of {@link #ROWS} paced steps; the service is restarted once a fifth is done. */
    private static JsonNode runThrough(String service, Restart restart) throws Exception {
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        api.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("paced").get("/paced/{{n}}").expectStatus(200).build());
        Scenarios.numberedRows(api, workspace.suite(), ROWS);
        UUID run = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> done(run) >= ROWS / 5);
        long before = done(run);
        assertThat(before)
                .as("the run finished before " + service + " could be restarted")
                .isLessThan(ROWS / 2);
        Instant restarting = Instant.now();
        try {
            restart.run();
        } finally {
            System.out.printf(
                    "%s restarted after %d steps, in %d ms%n",
                    service, before, Duration.between(restarting, Instant.now()).toMillis());
        }
        return api.waitForEnd(run, Duration.ofMinutes(3));
    }

    private static void assertPassedExactly(JsonNode run) {
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("PASSED");
        assertThat(run.get("totals").get("done").asLong()).isEqualTo(ROWS);
        assertThat(run.get("totals").get("passed").asLong()).isEqualTo(ROWS);
        assertThat(run.get("cases").get(0).get("passed").asLong()).isEqualTo(ROWS);
    }

    private static long done(UUID run) {
        // the API itself may be briefly without PostgreSQL: an answer without totals is "not yet"
        Api.Answer answer = api.get("/api/v1/runs/" + run);
        return answer.status() == 200 ? answer.body().get("totals").get("done").asLong() : 0;
    }

    private static void command(String... command) throws Exception {
        int exit = quietly(command);
        assertThat(exit).as(String.join(" ", command)).isZero();
    }

    private static int quietly(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("target", "service-restart.log").toFile()))
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
