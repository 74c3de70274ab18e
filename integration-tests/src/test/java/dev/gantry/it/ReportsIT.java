package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reports of a run with every kind of outcome (passed, failed on an expectation, flaky on a
 * retry, failed after a retry, skipped), checked by their consumers: the JUnit XML against the
 * Jenkins xUnit JUnit schema and through Maven Surefire's report parser, the HTML in headless
 * Chromium. Also the long poll {@code GET /runs/{id}?wait=}.
 */
class ReportsIT {
    static final int ROWS = 10;
    static final Path OUTPUT = Path.of("target", "reports-it");

    static Farm farm;
    static HttpServer target;
    static final Map<String, Integer> calls = new ConcurrentHashMap<>();
    static Api api;
    static UUID run;
    static JsonNode finished;

    @BeforeAll
    static void runASuiteWithEveryOutcome() throws IOException {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            int n = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            switch (parts[1]) {
                // rows 4 and 9 cost too much; the secret token must never show in a report
                case "items" ->
                    TestTargets.json(
                            exchange, 200, "{\"n\":" + n + ",\"price\":" + (n % 5 == 4 ? 150 : 10) + ",\"c\":\"<&>\"}");
                case "flaky" -> {
                    boolean first = calls.merge(path, 1, Integer::sum) == 1;
                    TestTargets.json(exchange, first ? 503 : 200, "{}");
                }
                case "slow" -> {
                    TargetPace.pauseMillis(2_500);
                    TestTargets.json(exchange, 200, "{}");
                }
                // a control character XML cannot carry: the JUnit report must stay well-formed
                default -> TestTargets.json(exchange, 500, "{\"error\":\"down\u0001\"}");
            }
        });
        api = new Api(farm.baseUrl(), farm.adminKey);
        UUID project = api.post("/api/v1/projects", Map.of("name", "reports-" + UUID.randomUUID()))
                .id();
        UUID environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "t",
                                "baseUrl",
                                "http://127.0.0.1:" + target.getAddress().getPort()))
                .id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "shop"))
                .id();
        post(
                suite,
                aCase("read item")
                        .get("/items/{{n}}")
                        .expectStatus(200)
                        .expectJson("$.price", "lessThan", "100")
                        .build());
        Map<String, Object> flaky =
                aCase("flaky order").get("/flaky/{{n}}").expectStatus(200).build();
        flaky.put("retry", Map.of("attempts", 3, "backoffMs", 5, "on", List.of("serverError")));
        post(suite, flaky);
        Map<String, Object> broken =
                aCase("broken payment").get("/pay/{{n}}").expectStatus(200).build();
        broken.put("retry", Map.of("attempts", 2, "backoffMs", 5, "on", List.of("serverError")));
        UUID brokenId = post(suite, broken);
        post(suite, aCase("receipt").get("/items/{{n}}").dependsOn(brokenId).build());
        api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of(
                        "name",
                        "n",
                        "rows",
                        IntStream.range(0, ROWS)
                                .mapToObj(i -> Map.<String, Object>of("n", i))
                                .toList()));
        run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        // the long poll: answers when the run ends, well before the wait is over
        Api.Answer waited = api.get("/api/v1/runs/" + run + "?wait=25s");
        assertThat(waited.status()).as(waited.raw()).isEqualTo(200);
        finished = waited.body();
        assertThat(finished.get("status").asString()).as(waited.raw()).isEqualTo("FAILED");
        Files.createDirectories(OUTPUT);
    }

    private static UUID post(UUID suite, Map<String, Object> body) {
        Api.Answer answer = api.post("/api/v1/suites/" + suite + "/cases", body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.id();
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void junitXmlValidatesAgainstTheJunitSchemaAndSurefireReadsIt() throws Exception {
        Api.Answer answer = api.getText("/api/v1/runs/" + run + "/report.xml");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        Path file = OUTPUT.resolve("TEST-gantry-" + run + ".xml");
        Files.writeString(file, answer.raw(), StandardCharsets.UTF_8);
        assertThat(api.getText("/api/v1/runs/" + run + "/reports/junit").raw()).isEqualTo(answer.raw());

        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/junit-10.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(answer.raw())));

        List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(file.toString());
        Map<String, ReportTestSuite> byName = new java.util.HashMap<>();
        suites.forEach(s -> byName.put(s.getFullClassName(), s));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrder("shop.read item", "shop.flaky order", "shop.broken payment", "shop.receipt");

        ReportTestSuite read = byName.get("shop.read item");
        assertThat(read.getNumberOfTests()).isEqualTo(ROWS);
        assertThat(read.getNumberOfFailures()).isEqualTo(2);
        ReportTestCase row4 = read.getTestCases().stream()
                .filter(t -> t.getName().equals("row 4"))
                .findFirst()
                .orElseThrow();
        assertThat(row4.hasFailure()).isTrue();
        assertThat(row4.getFailureMessage())
                .contains("$.price")
                .contains("expected")
                .contains("150");
        assertThat(row4.getFailureDetail()).contains("actual:   150").contains("GET http://127.0.0.1:");
        assertThat(read.getTestCases().stream().filter(ReportTestCase::isSuccessful))
                .hasSize(ROWS - 2);

        ReportTestSuite flaky = byName.get("shop.flaky order");
        assertThat(flaky.getNumberOfFailures()).isZero();
        assertThat(flaky.getNumberOfFlakes()).isEqualTo(ROWS);
        assertThat(flaky.getTestCases()).allSatisfy(t -> {
            assertThat(t.isSuccessful()).isTrue();
            assertThat(t.getFlakyFailures()).hasSize(1);
            assertThat(t.getFlakyFailures().getFirst().getMessage()).startsWith("attempt 1: status");
        });

        ReportTestSuite broken = byName.get("shop.broken payment");
        assertThat(broken.getNumberOfFailures()).isEqualTo(ROWS);
        assertThat(broken.getTestCases())
                .allSatisfy(t -> assertThat(t.hasFailure()).isTrue());
        // the earlier attempt of a step that never passed is a rerunFailure
        assertThat(answer.raw().split("<rerunFailure ", -1)).hasSize(ROWS + 1);

        ReportTestSuite receipt = byName.get("shop.receipt");
        assertThat(receipt.getNumberOfSkipped()).isEqualTo(ROWS);
        assertThat(receipt.getTestCases())
                .allSatisfy(t -> assertThat(t.hasSkipped()).isTrue());

        assertThat(answer.raw())
                .contains("<property name=\"gantry.run.id\" value=\"" + run + "\"")
                .doesNotContain("\u0001");
    }

    @Test
    void jsonAndCsvCarryEveryStepDetail() {
        long details = 4L * ROWS + ROWS + ROWS; // flaky and broken each have one earlier attempt per row
        Api.Answer json = api.get("/api/v1/runs/" + run + "/reports/json");
        assertThat(json.status()).as(json.raw()).isEqualTo(200);
        assertThat(json.body().get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(json.body().get("steps").size()).isEqualTo((int) details);
        assertThat(json.body().get("cases").size()).isEqualTo(4);

        Api.Answer csv = api.getText("/api/v1/runs/" + run + "/reports/csv");
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.raw().lines().toList();
        assertThat(lines.getFirst()).startsWith("run_id,work_item,row,step,attempt");
        assertThat(lines).hasSize((int) details + 1);
        assertThat(lines.stream().filter(l -> l.contains(",FAILED,"))).hasSize(2 + ROWS + ROWS + ROWS);
    }

    @Test
    void htmlReportOpensInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Api.Answer html = api.getText("/api/v1/runs/" + run + "/reports/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.raw())
                .contains("<svg")
                .doesNotContain("http://cdn")
                .doesNotContain("<script src")
                .doesNotContain("<link ");
        // failures first: the first failure comes before the timings and the list of steps
        assertThat(html.raw().indexOf("id=\"failures\""))
                .isLessThan(html.raw().indexOf("id=\"timings\""))
                .isLessThan(html.raw().indexOf("id=\"steps\""));
        Path file = OUTPUT.resolve("report-" + run + ".html");
        Files.writeString(file, html.raw(), StandardCharsets.UTF_8);

        Chromium.Result opened = Chromium.open(file, OUTPUT.resolve("report-" + run + ".png"));
        assertThat(opened.console()).as(opened.log()).isEmpty();
        assertThat(Files.size(opened.screenshot())).as(opened.log()).isGreaterThan(10_000);

        // the check itself can fail: a page with a broken script is caught
        Path broken = OUTPUT.resolve("broken.html");
        Files.writeString(broken, "<!DOCTYPE html><html><body><script>nosuch();</script></body></html>");
        assertThat(Chromium.open(broken, OUTPUT.resolve("broken.png")).console())
                .anySatisfy(line -> assertThat(line).contains("nosuch"));
    }

    @Test
    void reportsAreTenantScopedAndFormatsChecked() {
        assertThat(api.getText("/api/v1/runs/" + UUID.randomUUID() + "/reports/junit")
                        .status())
                .isEqualTo(404);
        Api.Answer unknown = api.get("/api/v1/runs/" + run + "/reports/pdf");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errors").get(0).get("field").asString()).isEqualTo("format");
    }

    @Test
    void longPollAnswersAtTheDeadlineWithTheCurrentStateAndRefusesBadWaits() {
        Api.Answer bad = api.get("/api/v1/runs/" + run + "?wait=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("wait");
        assertThat(api.get("/api/v1/runs/" + UUID.randomUUID() + "?wait=5s").status())
                .isEqualTo(404);

        UUID project = api.post("/api/v1/projects", Map.of("name", "slow-" + UUID.randomUUID()))
                .id();
        UUID environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "t",
                                "baseUrl",
                                "http://127.0.0.1:" + target.getAddress().getPort()))
                .id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "slow"))
                .id();
        post(suite, aCase("slow").get("/slow/1").expectStatus(200).build());
        UUID slow = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        long start = System.nanoTime();
        JsonNode early = api.get("/api/v1/runs/" + slow + "?wait=1s").body();
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(early.get("status").asString()).isIn("QUEUED", "RUNNING");
        assertThat(waitedMs).isBetween(900L, 2400L);
        JsonNode done = api.get("/api/v1/runs/" + slow + "?wait=20s").body();
        assertThat(done.get("status").asString()).isEqualTo("PASSED");
        assertThat(api.waitForEnd(slow, Duration.ofSeconds(1)).get("status").asString())
                .isEqualTo("PASSED");
    }
}
