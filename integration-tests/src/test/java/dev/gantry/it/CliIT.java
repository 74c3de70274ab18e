package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.cli.GantryCli;
import dev.gantry.testsupport.TargetPace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gantry-cli run} against a real control plane: exit 0 on a pass, 1 on test failures, 2 without a verdict. */
class CliIT {
    static final Path OUTPUT = Path.of("target", "cli-it");

    static Farm farm;
    static HttpServer target;
    static String project;

    record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void setUp() throws Exception {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/slow")) {
                TargetPace.pause(Duration.ofMinutes(1));
            }
            TestTargets.json(exchange, 200, "{\"price\": 12}");
        });
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        project = "cli-" + UUID.randomUUID();
        UUID projectId = api.post("/api/v1/projects", Map.of("name", project)).id();
        api.post(
                "/api/v1/projects/" + projectId + "/environments",
                Map.of(
                        "name",
                        "staging",
                        "baseUrl",
                        "http://127.0.0.1:" + target.getAddress().getPort()));
        UUID green = api.post("/api/v1/projects/" + projectId + "/suites", Map.of("name", "green"))
                .id();
        api.post(
                "/api/v1/suites/" + green + "/cases",
                aCase("price")
                        .get("/p")
                        .expectJson("$.price", "lessThan", "100")
                        .build());
        UUID red = api.post("/api/v1/projects/" + projectId + "/suites", Map.of("name", "red"))
                .id();
        api.post(
                "/api/v1/suites/" + red + "/cases",
                aCase("price").get("/p").expectJson("$.price", "lessThan", "10").build());
        UUID slow = api.post("/api/v1/projects/" + projectId + "/suites", Map.of("name", "slow"))
                .id();
        api.post(
                "/api/v1/suites/" + slow + "/cases",
                aCase("wait").get("/slow").timeoutMs(120_000).build());
        Files.createDirectories(OUTPUT);
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void exitsZeroWhenTheRunPassesAndWritesTheJunitReport() throws Exception {
        Path junit = OUTPUT.resolve("green.xml");
        Result result = cli(
                farm.baseUrl(),
                "--project",
                project,
                "--suite",
                "green",
                "--env",
                "staging",
                "--wait",
                "--junit",
                junit.toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(0);
        assertThat(result.out()).contains("run ").contains("PASSED").contains("1/1 steps");
        assertThat(Files.readString(junit)).contains("<testsuite name=\"green.price\" tests=\"1\" failures=\"0\"");
    }

    @Test
    void exitsOneOnTestFailures() throws Exception {
        Path junit = OUTPUT.resolve("red.xml");
        Path html = OUTPUT.resolve("red.html");
        Result result = cli(
                farm.baseUrl(),
                "--project",
                project,
                "--suite",
                "red",
                "--env",
                "staging",
                "--junit",
                junit.toString(),
                "--html",
                html.toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains("FAILED").contains("failing: price (1)");
        assertThat(Files.readString(junit)).contains("failures=\"1\"").contains("expected a number &lt; 10");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
    }

    @Test
    void exitsTwoWithoutAVerdict() {
        Result unreachable =
                cli("http://127.0.0.1:" + TestTargets.closedPort(), "--suite", "green", "--env", "staging", "--wait");
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.err()).contains("does not answer");

        Result unknownSuite =
                cli(farm.baseUrl(), "--project", project, "--suite", "nope", "--env", "staging", "--wait");
        assertThat(unknownSuite.exitCode()).isEqualTo(2);
        assertThat(unknownSuite.err()).contains("no suite named 'nope'");

        Result badKey = new Result(0, "", "");
        badKey =
                run(List.of("run", "--url", farm.baseUrl(), "--api-key", "gk_wrong", "--suite", "green", "--env", "x"));
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("401");

        Result usage = run(List.of("run", "--suite", "green"));
        assertThat(usage.exitCode()).isEqualTo(2);

        // the farm cancels a run past the deadline the CLI asked for: no verdict
        Result late = cli(
                farm.baseUrl(),
                "--project",
                project,
                "--suite",
                "slow",
                "--env",
                "staging",
                "--deadline",
                "PT1S",
                "--wait");
        assertThat(late.exitCode()).as(late.out() + late.err()).isEqualTo(2);
        assertThat(late.out()).contains("CANCELLED");
        assertThat(late.err()).contains("ended CANCELLED").contains("deadline");
    }

    private static Result cli(String url, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("run", "--url", url, "--api-key", farm.adminKey));
        all.addAll(List.of(args));
        return run(all);
    }

    private static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GantryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
