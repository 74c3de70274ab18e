package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GantryApiTest {

    private record Seen(String method, String uri, String apiKey, String contentType, String body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer stub;
    private GantryApi api;

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/api/v1/projects", exchange -> answer(exchange, 201, "{\"id\":\"p-1\",\"name\":\"x\"}"));
        stub.createContext(
                "/api/v1/suites/s-1/cases",
                exchange -> answer(
                        exchange,
                        400,
                        "{\"title\":\"Invalid input\",\"status\":400,\"detail\":\"request.path: must not be blank\"}"));
        stub.createContext(
                "/api/v1/runs/r-1",
                exchange -> answer(
                        exchange,
                        200,
                        exchange.getRequestURI().getPath().endsWith("/steps")
                                ? """
                  {"total": 100, "items": [{"caseName": "price within discount limit", "rowIndex": 9,
                   "failures": [{"check": "$.price lessThan", "expected": "a number < 100", "actual": "102.5"}],
                   "error": null}]}
                  """
                                : """
                  {"id": "r-1", "status": "FAILED",
                   "totals": {"workItems": 10, "steps": 40, "done": 40, "passed": 39, "failed": 1, "skipped": 0, "errored": 0},
                   "durationMs": 1178, "error": null,
                   "cases": [{"caseId": "c-1", "name": "create item", "passed": 10, "failed": 0, "skipped": 0,
                              "errored": 0, "p50Ms": 2.1, "p95Ms": null, "maxMs": 12.0}]}
                  """));
        stub.start();
        api = new GantryApi(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), "gk_test");
    }

    @AfterEach
    void stop() {
        api.close();
        stub.stop(0);
    }

    @Test
    void sendsTheKeyAndAJsonBodyAndReturnsTheNewId() throws Exception {
        String id = api.createProject("demo-1", "about");

        assertThat(id).isEqualTo("p-1");
        assertThat(seen)
                .containsExactly(new Seen(
                        "POST",
                        "/api/v1/projects",
                        "gk_test",
                        "application/json",
                        "{\"name\":\"demo-1\",\"description\":\"about\"}"));
    }

    @Test
    void errorStatusCarriesTheProblemDetail() {
        assertThatThrownBy(() -> api.createCase("s-1", DemoSuite.cases().getFirst()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body()).contains("request.path: must not be blank");
                })
                .hasMessage("POST /api/v1/suites/s-1/cases answered HTTP 400");
    }

    @Test
    void readsRunStateWithNullLatencies() throws Exception {
        RunState run = api.run("r-1");

        assertThat(run)
                .isEqualTo(new RunState(
                        "r-1",
                        "FAILED",
                        new RunTotals(10, 40, 40, 39, 1, 0, 0),
                        1178L,
                        null,
                        List.of(new CaseResult("create item", 10, 0, 0, 0, 2.1, null))));
        assertThat(run.finished()).isTrue();
    }

    @Test
    void readsFailedStepsWithTheirChecks() throws Exception {
        GantryApi.FailedSteps page = api.failedSteps("r-1", 3);

        assertThat(page.total()).isEqualTo(100);
        assertThat(page.items())
                .containsExactly(new FailedStep(
                        "price within discount limit",
                        9,
                        List.of(new FailedStep.Check("$.price lessThan", "a number < 100", "102.5")),
                        null));
        assertThat(seen.getLast().uri()).isEqualTo("/api/v1/runs/r-1/steps?status=failed&size=3");
    }

    @Test
    void silentControlPlaneIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GantryApi nowhere = new GantryApi(URI.create("http://127.0.0.1:" + closedPort), "gk_test")) {
            assertThatThrownBy(() -> nowhere.run("r-1"))
                    .isInstanceOf(ControlPlaneUnreachableException.class)
                    .hasMessageContaining("does not answer")
                    .hasMessageContaining("ConnectException");
        }
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("X-Api-Key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
