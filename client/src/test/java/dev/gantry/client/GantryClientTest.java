package dev.gantry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real HTTP server on loopback: what it sends, what it reads, how it fails. */
class GantryClientTest {

    private static final UUID PROJECT = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID SUITE = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID ENVIRONMENT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

    private record Seen(String method, String uri, String apiKey, String contentType, String body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private GantryClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.start();
        client = GantryClient.builder(base()).apiKey("gk_test").build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void createSendsTheKeyAndTheJsonBodyAndAnswersTheNewId() throws Exception {
        answer("/api/v1/projects", 201, "{\"id\":\"" + PROJECT + "\",\"name\":\"demo-1\"}");

        UUID id = client.createProject(new NewProject("demo-1", "about"));

        assertThat(id).isEqualTo(PROJECT);
        assertThat(seen)
                .containsExactly(new Seen(
                        "POST",
                        "/api/v1/projects",
                        "gk_test",
                        "application/json",
                        "{\"name\":\"demo-1\",\"description\":\"about\"}"));
    }

    @Test
    void absentOptionalFieldsAreLeftOutSoTheControlPlaneAppliesItsDefaults() throws Exception {
        answer("/api/v1/suites/" + SUITE + "/runs", 202, "{\"runId\":\"" + RUN + "\",\"status\":\"QUEUED\"}");
        answer("/api/v1/suites/" + SUITE + "/cases", 201, "{\"id\":\"" + SUITE + "\"}");

        client.triggerRun(SUITE, TriggerRun.in(ENVIRONMENT));
        client.triggerRun(SUITE, new TriggerRun(ENVIRONMENT, 42L, 600L));
        client.createCase(SUITE, new NewCase("health", null, NewCase.Request.of("GET", "/health"), null, null));

        assertThat(seen)
                .extracting(Seen::body)
                .containsExactly(
                        "{\"environmentId\":\"" + ENVIRONMENT + "\"}",
                        "{\"environmentId\":\"" + ENVIRONMENT + "\",\"seed\":42,\"deadlineSeconds\":600}",
                        "{\"name\":\"health\",\"request\":{\"method\":\"GET\",\"path\":\"/health\"}}");
    }

    @Test
    void theTriggerAnswerSaysWhereToFollowTheRun() throws Exception {
        answer(
                "/api/v1/suites/" + SUITE + "/runs",
                202,
                "{\"runId\":\"" + RUN + "\",\"status\":\"QUEUED\",\"statusUrl\":\"/api/v1/runs/" + RUN
                        + "\",\"stepsUrl\":\"/api/v1/runs/" + RUN + "/steps\"}");

        TriggeredRun run = client.triggerRun(SUITE, TriggerRun.in(ENVIRONMENT));

        assertThat(run)
                .isEqualTo(new TriggeredRun(RUN, "QUEUED", "/api/v1/runs/" + RUN, "/api/v1/runs/" + RUN + "/steps"));
        assertThat(client.resolve(run.statusUrl())).isEqualTo(URI.create(base() + "/api/v1/runs/" + RUN));
    }

    @Test
    void aRefusalCarriesTheProblemDetailWithItsCodeAndFields() {
        server.createContext(
                "/api/v1/suites/" + SUITE + "/cases",
                exchange -> respond(
                        exchange,
                        400,
                        "application/problem+json",
                        """
                        {"type": "urn:gantry:problem:invalid-input", "title": "Bad Request", "status": 400,
                         "detail": "request.path: must not be blank", "code": "invalid-input",
                         "errors": [{"field": "request.path", "message": "must not be blank"}]}
                        """));

        assertThatThrownBy(() ->
                        client.createCase(SUITE, new NewCase("x", null, NewCase.Request.of("GET", "/x"), null, null)))
                .isInstanceOfSatisfying(GantryApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.method()).isEqualTo("POST");
                    assertThat(e.path()).isEqualTo("/api/v1/suites/" + SUITE + "/cases");
                    assertThat(e.problem())
                            .isEqualTo(new Problem(
                                    "urn:gantry:problem:invalid-input",
                                    "Bad Request",
                                    400,
                                    "request.path: must not be blank",
                                    "invalid-input",
                                    List.of(new Problem.FieldError("request.path", "must not be blank"))));
                    assertThat(e.detailOrBody()).isEqualTo("request.path: must not be blank");
                })
                .hasMessage("POST /api/v1/suites/" + SUITE + "/cases answered HTTP 400");
    }

    @Test
    void anErrorThatIsNoProblemDetailKeepsItsBody() {
        server.createContext(
                "/api/v1/projects", exchange -> respond(exchange, 502, "text/html", "<h1>Bad gateway</h1>"));

        assertThatThrownBy(() -> client.projects()).isInstanceOfSatisfying(GantryApiException.class, e -> {
            assertThat(e.problem()).isNull();
            assertThat(e.body()).isEqualTo("<h1>Bad gateway</h1>");
            assertThat(e.detailOrBody()).isEqualTo("<h1>Bad gateway</h1>");
        });
    }

    @Test
    void readsARunWithNullLatenciesAndItsCases() throws Exception {
        answer(
                "/api/v1/runs/" + RUN,
                200,
                """
                {"id": "%s", "status": "FAILED", "createdAt": "2026-01-02T03:04:05Z", "firstStepAt": null,
                 "totals": {"workItems": 10, "steps": 40, "done": 40, "passed": 38, "flaky": 1, "failed": 1,
                            "skipped": 0, "errored": 0},
                 "durationMs": 1178, "latency": {"p50Ms": 2.5, "p95Ms": null, "p99Ms": null, "maxMs": 9.0},
                 "error": null, "somethingNew": true,
                 "cases": [{"caseId": null, "name": "create item", "passed": 10, "failed": 0, "skipped": 0,
                            "errored": 0, "flaky": 0, "p50Ms": 2.1, "p95Ms": null, "maxMs": 12.0}]}
                """
                        .formatted(RUN));

        Run run = client.run(RUN);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.ended()).isTrue();
        assertThat(run.totals()).isEqualTo(new Run.Totals(10, 40, 40, 38, 1, 1, 0, 0));
        assertThat(run.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(run.firstStepAt()).isNull();
        assertThat(run.durationMs()).isEqualTo(1178L);
        assertThat(run.latency()).isEqualTo(new Run.Latency(2.5, null, null, 9.0));
        assertThat(run.cases()).containsExactly(new Run.CaseResult(null, "create item", 10, 0, 0, 0, 0, 2.1, null));
    }

    @Test
    void aLongPollAsksToWaitAndWaitsLongerThanItsRequestTimeout() throws Exception {
        server.createContext("/api/v1/runs/" + RUN, exchange -> {
            record(exchange);
            // the server side of the long poll: holding the answer back is what the test is about
            TargetPace.pause(Duration.ofMillis(600));
            respond(exchange, 200, "application/json", "{\"id\":\"" + RUN + "\",\"status\":\"RUNNING\"}");
        });
        GantryClient impatient = client.withRequestTimeout(Duration.ofMillis(300));

        Run run = impatient.run(RUN, Duration.ofSeconds(20));

        assertThat(run.ended()).isFalse();
        assertThat(seen.getLast().uri()).isEqualTo("/api/v1/runs/" + RUN + "?wait=20s");
    }

    @Test
    void readsAPageOfFailedSteps() throws Exception {
        answer(
                "/api/v1/runs/" + RUN + "/steps",
                200,
                """
                {"total": 100, "items": [{"caseName": "price within discount limit", "rowIndex": 9,
                 "status": "FAILED", "failures": [{"check": "$.price lessThan", "expected": "a number < 100",
                 "actual": "102.5"}], "error": null}]}
                """);

        StepPage page = client.steps(RUN, "failed", 3);

        assertThat(page.total()).isEqualTo(100);
        assertThat(page.items())
                .containsExactly(new StepPage.Step(
                        "price within discount limit",
                        9,
                        "FAILED",
                        List.of(new StepPage.Failure("$.price lessThan", "a number < 100", "102.5")),
                        null));
        assertThat(seen.getLast().uri()).isEqualTo("/api/v1/runs/" + RUN + "/steps?status=failed&size=3");
    }

    @Test
    void listsAndDeletes() throws Exception {
        answer(
                "/api/v1/projects",
                200,
                "[{\"id\":\"" + PROJECT + "\",\"name\":\"shop\",\"description\":null,\"tenantId\":\"t\"}]");
        answer("/api/v1/projects/" + PROJECT + "/environments", 200, "[]");

        assertThat(client.projects()).containsExactly(new Project(PROJECT, "shop", null));
        assertThat(client.environments(PROJECT)).isEmpty();
        client.deleteProject(PROJECT);

        assertThat(seen.getLast().method()).isEqualTo("DELETE");
        assertThat(seen.getLast().uri()).isEqualTo("/api/v1/projects/" + PROJECT);
    }

    @Test
    void anAnswerPastTheBoundIsRefusedWithoutReadingItAll() throws Exception {
        CompletableFuture<Long> written = new CompletableFuture<>();
        server.createContext("/api/v1/runs/" + RUN, exchange -> {
            // 64 MiB in chunks: far more than the bound, so the client must stop reading before the end
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try (exchange;
                    OutputStream body = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                for (int i = 0; i < 1024; i++) {
                    body.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException e) {
                // the client gave the connection up
            }
            written.complete(sent);
        });
        GantryClient bounded = GantryClient.builder(base()).maxAnswerBytes(1024).build();

        assertThatThrownBy(() -> bounded.run(RUN))
                .isInstanceOf(GantryClientException.class)
                .hasMessage("GET /api/v1/runs/" + RUN
                        + " answered more than 1024 bytes, the client's bound for an answer held in memory");
        assertThat(written.get(30, TimeUnit.SECONDS)).isLessThan(64L * 1024 * 1024);
        bounded.close();
    }

    @Test
    void anErrorBodyPastTheBoundIsCutAndKept() {
        server.createContext("/api/v1/projects", exchange -> respond(exchange, 500, "text/plain", "e".repeat(5000)));
        GantryClient bounded = GantryClient.builder(base()).maxAnswerBytes(100).build();

        assertThatThrownBy(bounded::projects).isInstanceOfSatisfying(GantryApiException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.body()).isEqualTo("e".repeat(100));
        });
        bounded.close();
    }

    @Test
    void aRawExchangeAnswersAnyStatusAndSendsNoKeyWhenItHasNone() throws Exception {
        server.createContext("/api/v1/projects", exchange -> {
            record(exchange);
            exchange.getResponseHeaders().set("Retry-After", "7");
            respond(exchange, 401, "application/problem+json", "{\"title\":\"Unauthorized\"}");
        });

        RawAnswer answer = client.withApiKey(null).exchange("POST", "/api/v1/projects", "{}", "application/json");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).isEqualTo("{\"title\":\"Unauthorized\"}");
        assertThat(answer.header("Retry-After")).contains("7");
        assertThat(seen).containsExactly(new Seen("POST", "/api/v1/projects", null, "application/json", "{}"));
    }

    @Test
    void anotherKeyIsSentInsteadOfTheFirst() throws Exception {
        answer("/api/v1/projects", 200, "[]");

        client.withApiKey("gk_other").projects();

        assertThat(seen.getLast().apiKey()).isEqualTo("gk_other");
    }

    @Test
    void aReportIsStreamedToItsFileAndARefusalLeavesNoFile(@TempDir Path dir) throws Exception {
        answer("/api/v1/runs/" + RUN + "/reports/junit", 200, "<testsuite/>");
        server.createContext(
                "/api/v1/runs/" + RUN + "/reports/pdf",
                exchange -> respond(
                        exchange, 400, "application/problem+json", "{\"detail\":\"unknown format\",\"status\":400}"));
        Path junit = dir.resolve("junit.xml");
        Files.writeString(junit, "an older and longer report that must not show through");

        client.downloadReport(RUN, "junit", junit);

        assertThat(junit).hasContent("<testsuite/>");
        assertThat(seen.getLast().apiKey()).isEqualTo("gk_test");
        Path pdf = dir.resolve("report.pdf");
        assertThatThrownBy(() -> client.downloadReport(RUN, "pdf", pdf))
                .isInstanceOfSatisfying(GantryApiException.class, e -> assertThat(e.detailOrBody())
                        .isEqualTo("unknown format"))
                .hasMessage("GET /api/v1/runs/" + RUN + "/reports/pdf answered HTTP 400");
        assertThat(pdf).doesNotExist();
    }

    @Test
    void aClosedPortIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        try (GantryClient absent =
                GantryClient.builder(nowhere).apiKey("gk_test").build()) {
            assertThatThrownBy(() -> absent.run(RUN))
                    .isInstanceOf(GantryUnreachableException.class)
                    .hasMessageStartingWith("the control plane at " + nowhere + " does not answer (")
                    .hasMessageContaining("ConnectException");
        }
    }

    @Test
    void aControlPlaneThatDoesNotAnswerInTimeIsUnreachable() {
        server.createContext("/api/v1/projects", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        GantryClient impatient = client.withRequestTimeout(Duration.ofMillis(200));

        assertThatThrownBy(impatient::projects)
                .isInstanceOfSatisfying(GantryUnreachableException.class, e -> assertThat(e.getCause())
                        .isInstanceOf(HttpTimeoutException.class));
    }

    @Test
    void recordsNameTheFieldTheyRefuse() {
        assertThatThrownBy(() -> new NewEnvironment("qa", " ", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl must not be blank");
        assertThatThrownBy(() -> new TriggerRun(ENVIRONMENT, null, 0L))
                .hasMessage("deadlineSeconds must be at least 1, was 0");
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            record(exchange);
            respond(exchange, status, "application/json", body);
        });
    }

    private void record(HttpExchange exchange) throws IOException {
        seen.add(new Seen(
                exchange.getRequestMethod(),
                exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst(GantryClient.API_KEY_HEADER),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }
}
