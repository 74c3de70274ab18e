package dev.gantry.worker.execution;

import static dev.gantry.testsupport.Snapshots.aCaseDefinition;
import static dev.gantry.testsupport.Snapshots.aRunSnapshot;
import static dev.gantry.testsupport.Snapshots.anEnvironmentSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gantry.model.AssertionFailure;
import dev.gantry.model.AuthConfig;
import dev.gantry.model.AuthType;
import dev.gantry.model.BodyType;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.EnvironmentSnapshot;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HeaderCheck;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.JsonPathCheck;
import dev.gantry.model.MultipartPart;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryOn;
import dev.gantry.model.RetryPolicy;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.SecretBox;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import dev.gantry.model.WorkItem;
import dev.gantry.testsupport.TargetPace;
import dev.gantry.worker.config.WorkerProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Executes chains against a real HTTP server on loopback. */
class ChainExecutorTest {
    static HttpServer server;
    static ApacheHttpTransport http;
    static ChainExecutor executor;
    static final List<String> authorizationsSeen = new ArrayList<>();
    static final AtomicInteger schemaFetches = new AtomicInteger();
    static final List<String> uploads = new CopyOnWriteArrayList<>();
    static final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    static final Map<String, Integer> flakyCalls = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/things", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String apiKey = exchange.getRequestHeaders().getFirst("X-Key");
            synchronized (authorizationsSeen) {
                authorizationsSeen.add(auth);
                authorizationsSeen.add("x-key=" + apiKey);
                authorizationsSeen.add("query=" + exchange.getRequestURI().getRawQuery());
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Location", "/things/t-1");
                respond(exchange, 201, "{\"id\":\"t-1\",\"echo\":" + body + "}");
            } else if (exchange.getRequestURI().getPath().equals("/things/t-1")) {
                respond(exchange, 200, "{\"id\":\"t-1\",\"price\":9.99,\"tags\":[\"a\",\"b\"],\"owner\":null}");
            } else {
                respond(exchange, 404, "{\"error\":\"no such thing\"}");
            }
        });
        server.createContext("/flaky", exchange -> {
            // fails the first two calls of every path with 503, then answers 200
            int calls = flakyCalls.merge(exchange.getRequestURI().getPath(), 1, Integer::sum);
            respond(exchange, calls <= 2 ? 503 : 200, calls <= 2 ? "{\"busy\":true}" : "{\"ok\":true}");
        });
        server.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String client = exchange.getRequestHeaders().getFirst("Authorization");
            tokenRequests.add(client + " " + form);
            boolean ok = ("Basic " + Base64.getEncoder().encodeToString("robot:pa55-w0rd".getBytes())).equals(client);
            respond(exchange, ok ? 200 : 401, ok ? "{\"access_token\":\"tok-1\",\"expires_in\":3600}" : "{}");
        });
        server.createContext("/schema.json", exchange -> {
            schemaFetches.incrementAndGet();
            respond(exchange, 200, "{\"type\":\"object\"}");
        });
        server.createContext("/upload", exchange -> {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            uploads.add(type + "\n" + body);
            respond(exchange, 201, "{}");
        });
        server.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            respond(exchange, 302, "{}");
        });
        server.createContext("/to-redis", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:6379/");
            respond(exchange, 302, "{}");
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/things/t-1");
            respond(exchange, 302, "{}");
        });
        server.createContext("/slow", exchange -> {
            TargetPace.pauseMillis(800);
            respond(exchange, 200, "{}");
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        WorkerProperties properties = new WorkerProperties(8, 1, Duration.ofSeconds(2), 256, 4, 64);
        http = new ApacheHttpTransport(properties);
        executor = new ChainExecutor(
                http,
                new OAuth2Tokens(http, JsonMapper.builder().build(), Clock.systemUTC()),
                properties,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop(0);
        http.destroy();
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static CaseDefinition aCase(
            String name, RequestTemplate request, Expectations expectations, Extraction... extractions) {
        return aCaseDefinition(name, request)
                .expecting(expectations)
                .extracting(extractions)
                .build();
    }

    /** A one-chain run of {@code chain} with one data row. */
    static RunSnapshot snapshot(
            EnvironmentSnapshot environment,
            Map<String, String> row,
            Map<String, String> suiteVariables,
            Long seed,
            CaseDefinition... chain) {
        return aRunSnapshot()
                .in(environment)
                .row(row)
                .suiteVariables(suiteVariables)
                .seed(seed)
                .chain(chain)
                .build();
    }

    static RequestTemplate get(String path) {
        return new RequestTemplate(HttpMethod.GET, path, null, null, null, null, 2_000);
    }

    static Expectations expect(List<Integer> status, JsonPathCheck... checks) {
        return new Expectations(status, List.of(checks), null, null, null, null, null);
    }

    static List<StepDetail> run(
            String baseUrl, Map<String, String> row, Map<String, String> headers, CaseDefinition... chain)
            throws InterruptedException {
        return run(baseUrl, row, headers, Map.of(), null, 0, chain);
    }

    static List<StepDetail> run(
            String baseUrl,
            Map<String, String> row,
            Map<String, String> headers,
            Map<String, String> suiteVariables,
            Long seed,
            long seq,
            CaseDefinition... chain)
            throws InterruptedException {
        RunSnapshot snapshot = snapshot(
                anEnvironmentSnapshot(baseUrl)
                        .variables(Map.of("who", "env"))
                        .headers(headers)
                        .build(),
                row,
                suiteVariables,
                seed,
                chain);
        return executor.execute(CompiledRun.compile(snapshot), new WorkItem(seq, 0, 0), row)
                .steps();
    }

    static ChainResult runChain(CaseDefinition... chain) throws InterruptedException {
        RunSnapshot snapshot = snapshot(anEnvironmentSnapshot(base()).build(), Map.of(), null, null, chain);
        return executor.execute(CompiledRun.compile(snapshot), new WorkItem(0, 0, 0), Map.of());
    }

    static CaseDefinition retried(String name, String path, RetryPolicy policy) {
        return aCaseDefinition(name, get(path))
                .expecting(expect(List.of(200)))
                .retried(policy)
                .build();
    }

    static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void extractedVariablesFlowDownTheChain() throws Exception {
        CaseDefinition create = aCase(
                "create",
                new RequestTemplate(
                        HttpMethod.POST, "/things", null, null, BodyType.JSON, "{\"name\":\"{{name}}\"}", 2_000),
                expect(List.of(201), new JsonPathCheck("$.echo.name", CheckOperator.EQUALS, "{{name}}")),
                new Extraction("thing", ExtractionSource.BODY, "$.id"),
                new Extraction("where", ExtractionSource.HEADER, "Location"),
                new Extraction("code", ExtractionSource.STATUS, null));
        CaseDefinition read = aCase(
                "read",
                get("{{where}}"),
                expect(
                        List.of(200),
                        new JsonPathCheck("$.id", CheckOperator.EQUALS, "{{thing}}"),
                        new JsonPathCheck("$.price", CheckOperator.EQUALS, "9.990"),
                        new JsonPathCheck("$.price", CheckOperator.GREATER_THAN, "9"),
                        new JsonPathCheck("$.tags", CheckOperator.CONTAINS, "b"),
                        new JsonPathCheck("$.owner", CheckOperator.EQUALS, "null"),
                        new JsonPathCheck("$.missing", CheckOperator.NOT_EXISTS, null),
                        new JsonPathCheck("$.id", CheckOperator.MATCHES, "^t-\\d$")));
        List<StepDetail> steps = run(base(), Map.of("name", "widget"), Map.of(), create, read);
        assertThat(steps).extracting(StepDetail::status).containsExactly(StepStatus.PASSED, StepStatus.PASSED);
        assertThat(steps.get(1).url()).isEqualTo(base() + "/things/t-1");
        assertThat(steps.get(0).requestBody()).isEqualTo("{\"name\":\"widget\"}");
        assertThat(steps.get(0).requestHeaders()).containsEntry("content-type", "application/json");
    }

    @Test
    void everyFailingExpectationIsReportedAndTheRestOfTheChainIsSkipped() throws Exception {
        CaseDefinition read = aCase(
                "read",
                get("/things/t-1"),
                new Expectations(
                        List.of(201),
                        List.of(
                                new JsonPathCheck("$.price", CheckOperator.LESS_THAN, "5"),
                                new JsonPathCheck("$.id", CheckOperator.EQUALS, "t-2")),
                        List.of(new HeaderCheck("X-Missing", CheckOperator.EXISTS, null)),
                        List.of("gold"),
                        List.of("t-1"),
                        null,
                        null));
        CaseDefinition after = aCase("after", get("/things/t-1"), Expectations.none());
        List<StepDetail> steps = run(base(), Map.of(), Map.of(), read, after);
        assertThat(steps.get(0).status()).isEqualTo(StepStatus.FAILED);
        assertThat(steps.get(0).failures())
                .extracting(AssertionFailure::message)
                .containsExactly(
                        "status: expected 201 but was 200",
                        "$.price lessThan: expected a number < 5 but was 9.99",
                        "$.id equals: expected t-2 but was t-1",
                        "header X-Missing exists: expected a value but was <missing>",
                        "body contains: expected a body containing \"gold\" but was {\"id\":\"t-1\",\"price\":9.99,\"tags\":[\"a\",\"b\"],\"owner\":null}",
                        "body does not contain: expected a body without \"t-1\" but was {\"id\":\"t-1\",\"price\":9.99,\"tags\":[\"a\",\"b\"],\"owner\":null}");
        assertThat(steps.get(1).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(steps.get(1).error()).isEqualTo("skipped because step 0 ('read') failed");
    }

    static CaseDefinition afterFailure(CaseDefinition definition) {
        return new CaseDefinition(
                definition.id(),
                definition.name(),
                definition.request(),
                definition.expectations(),
                definition.extractions(),
                definition.retry(),
                null,
                true);
    }

    @Test
    void aStepThatRunsAfterFailureRunsWhileTheOthersAreStillSkippedWithTheFirstReason() throws Exception {
        CaseDefinition create = aCase(
                "create",
                new RequestTemplate(HttpMethod.POST, "/things", null, null, BodyType.JSON, "{}", 2_000),
                expect(List.of(200)), // answered 201: fails
                new Extraction("thing", ExtractionSource.BODY, "$.nothing"));
        CaseDefinition read = afterFailure(aCase("read", get("/things/{{thing}}"), expect(List.of(200))));
        CaseDefinition plain = aCase("plain", get("/things/t-1"), expect(List.of(200)));
        CaseDefinition health = afterFailure(aCase("health", get("/things/t-1"), expect(List.of(200))));

        List<StepDetail> steps = run(base(), Map.of(), Map.of(), create, read, plain, health);

        assertThat(steps)
                .extracting(StepDetail::caseName, StepDetail::status)
                .containsExactly(
                        tuple("create", StepStatus.FAILED),
                        tuple("read", StepStatus.FAILED),
                        tuple("plain", StepStatus.SKIPPED),
                        tuple("health", StepStatus.PASSED));
        assertThat(steps.get(2).error()).isEqualTo("skipped because step 0 ('create') failed");
        // what the failed step did not extract goes out unresolved, percent-encoded as Postman sends it
        assertThat(steps.get(1).url()).isEqualTo(base() + "/things/%7B%7Bthing%7D%7D");
        assertThat(steps.get(1).responseStatus()).isEqualTo(404);
    }

    @Test
    void anErroredStepLeavesLowerScopesVisibleToTheStepsThatRunAfterIt() throws Exception {
        CaseDefinition refused = aCase(
                "refused",
                get("http://127.0.0.1:" + closedPort() + "/x"),
                expect(List.of(200)),
                new Extraction("thing", ExtractionSource.BODY, "$.id"));
        CaseDefinition read = afterFailure(aCase("read", get("/things/{{thing}}"), expect(List.of(200))));

        // no scope has it: the placeholder, not an unknown-variable error
        List<StepDetail> steps = run(base(), Map.of(), Map.of(), refused, read);
        assertThat(steps).extracting(StepDetail::status).containsExactly(StepStatus.ERRORED, StepStatus.FAILED);
        assertThat(steps.get(1).url()).isEqualTo(base() + "/things/%7B%7Bthing%7D%7D");

        // the data row has it: Newman would keep the variable's current value, so it is used
        steps = run(base(), Map.of("thing", "t-1"), Map.of(), refused, read);
        assertThat(steps).extracting(StepDetail::status).containsExactly(StepStatus.ERRORED, StepStatus.PASSED);

        // a name no earlier step was to extract is still an error of the step that uses it
        CaseDefinition typo = afterFailure(aCase("typo", get("/things/{{thng}}"), expect(List.of(200))));
        steps = run(base(), Map.of(), Map.of(), refused, typo);
        assertThat(steps.get(1).status()).isEqualTo(StepStatus.ERRORED);
        assertThat(steps.get(1).error()).contains("thng");
    }

    static int closedPort() throws IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theContentTypeIsAnExpectationOfItsOwn() throws Exception {
        CaseDefinition json = aCase("json", get("/things/t-1"), contentType("application/json"));
        CaseDefinition anyApplication = aCase("any", get("/things/t-1"), contentType("application/*"));
        CaseDefinition xml = aCase("xml", get("/things/t-1"), contentType("application/xml"));

        assertThat(run(base(), Map.of(), Map.of(), json).getFirst().status()).isEqualTo(StepStatus.PASSED);
        assertThat(run(base(), Map.of(), Map.of(), anyApplication).getFirst().status())
                .isEqualTo(StepStatus.PASSED);
        StepDetail wrong = run(base(), Map.of(), Map.of(), xml).getFirst();
        assertThat(wrong.status()).isEqualTo(StepStatus.FAILED);
        assertThat(wrong.failures())
                .extracting(AssertionFailure::message)
                .containsExactly("content type: expected application/xml but was application/json");
    }

    private static Expectations contentType(String mediaType) {
        return new Expectations(null, null, null, null, null, null, null, null, mediaType);
    }

    @Test
    void aFailedExtractionFailsTheStep() throws Exception {
        CaseDefinition read = aCase(
                "read",
                get("/things/t-1"),
                expect(List.of(200)),
                new Extraction("nope", ExtractionSource.BODY, "$.nope"));
        StepDetail step = run(base(), Map.of(), Map.of(), read).getFirst();
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.failures())
                .extracting(AssertionFailure::message)
                .containsExactly("extract nope from body $.nope: expected a value but was nothing matched");
    }

    @Test
    void transportProblemsAreErrorsNotFailures() throws Exception {
        StepDetail unknown = run(
                        base(), Map.of(), Map.of(), aCase("x", get("/things/{{nowhere}}"), Expectations.none()))
                .getFirst();
        assertThat(unknown.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(unknown.error()).isEqualTo("unknown variable {{nowhere}} in the request");

        StepDetail refused = run("http://127.0.0.1:1", Map.of(), Map.of(), aCase("x", get("/"), Expectations.none()))
                .getFirst();
        assertThat(refused.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(refused.error()).startsWith("connection refused");

        StepDetail slow = run(
                        base(),
                        Map.of(),
                        Map.of(),
                        aCase(
                                "x",
                                new RequestTemplate(HttpMethod.GET, "/slow", null, null, null, null, 200),
                                Expectations.none()))
                .getFirst();
        assertThat(slow.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(slow.error()).isEqualTo("timeout: no response within 200 ms");
    }

    @Test
    void variablesResolveFromTheChainThenTheRowThenTheEnvironment() throws Exception {
        CaseDefinition echo = aCase(
                "echo",
                new RequestTemplate(
                        HttpMethod.POST, "/things", null, null, BodyType.JSON, "{\"who\":\"{{who}}\"}", 2_000),
                expect(List.of(201)));
        assertThat(run(base(), Map.of(), Map.of(), echo).getFirst().requestBody())
                .isEqualTo("{\"who\":\"env\"}");
        assertThat(run(base(), Map.of("who", "row"), Map.of(), echo).getFirst().requestBody())
                .isEqualTo("{\"who\":\"row\"}");
    }

    @Test
    void secretsAreSentButNeverKeptInDetails() throws Exception {
        CaseDefinition read = aCase("read", get("/things/t-1"), expect(List.of(200)));
        StepDetail step = run(
                        base(), Map.of("token", "s3cret-value"), Map.of("Authorization", "Bearer {{token}}"), read)
                .getFirst();
        synchronized (authorizationsSeen) {
            assertThat(authorizationsSeen).contains("Bearer s3cret-value");
        }
        assertThat(step.requestHeaders()).containsEntry("authorization", "[REDACTED]");
        assertThat(step.toString()).doesNotContain("s3cret-value");
    }

    @Test
    void longBodiesAreTruncatedInDetails() throws Exception {
        String big = "x".repeat(500);
        CaseDefinition post = aCase(
                "post",
                new RequestTemplate(HttpMethod.POST, "/things", null, null, BodyType.JSON, "\"" + big + "\"", 2_000),
                expect(List.of(201)));
        StepDetail step = run(base(), Map.of(), Map.of(), post).getFirst();
        assertThat(step.requestBody())
                .hasSize(256 + "…(246 more characters)".length())
                .endsWith("…(246 more characters)");
    }

    @Test
    void notEqualsTypeSizeOneOfAndStatusClassesCheckWhatTheySay() throws Exception {
        CaseDefinition passing = aCase(
                "passing",
                get("/things/t-1"),
                new Expectations(
                        null,
                        List.of(
                                new JsonPathCheck("$.tags", CheckOperator.TYPE, "array"),
                                new JsonPathCheck("$.tags", CheckOperator.SIZE, "2"),
                                new JsonPathCheck("$.id", CheckOperator.SIZE, "3"),
                                new JsonPathCheck("$.price", CheckOperator.TYPE, "number"),
                                new JsonPathCheck("$.owner", CheckOperator.TYPE, "null"),
                                new JsonPathCheck("$", CheckOperator.TYPE, "object"),
                                new JsonPathCheck("$.id", CheckOperator.ONE_OF, "[\"t-0\", \"t-1\"]"),
                                new JsonPathCheck("$.price", CheckOperator.ONE_OF, "[1, 9.99]"),
                                new JsonPathCheck("$.id", CheckOperator.NOT_EQUALS, "t-2"),
                                new JsonPathCheck("$.nothing", CheckOperator.NOT_EQUALS, "t-1")),
                        null,
                        null,
                        null,
                        null,
                        List.of("2xx")));
        assertThat(run(base(), Map.of(), Map.of(), passing).getFirst().failures())
                .isEmpty();

        CaseDefinition failing = aCase(
                "failing",
                get("/things/t-1"),
                new Expectations(
                        List.of(201),
                        List.of(
                                new JsonPathCheck("$.tags", CheckOperator.SIZE, "3"),
                                new JsonPathCheck("$.price", CheckOperator.TYPE, "integer"),
                                new JsonPathCheck("$.id", CheckOperator.ONE_OF, "[\"t-2\"]"),
                                new JsonPathCheck("$.id", CheckOperator.NOT_EQUALS, "t-1"),
                                new JsonPathCheck("$.price", CheckOperator.NOT_EQUALS, "9.990")),
                        null,
                        null,
                        null,
                        null,
                        List.of("4xx")));
        assertThat(run(base(), Map.of(), Map.of(), failing).getFirst().failures())
                .extracting(AssertionFailure::message)
                .containsExactly(
                        "status: expected one of [201, 4xx] but was 200",
                        "$.tags size: expected size 3 but was 2 ([\"a\",\"b\"])",
                        "$.price type: expected a value of type integer but was number 9.99",
                        "$.id oneOf: expected one of [\"t-2\"] but was t-1",
                        "$.id notEquals: expected anything but t-1 but was t-1",
                        "$.price notEquals: expected anything but 9.990 but was 9.99");
    }

    @Test
    void regexExtractionsAndDefaultsFeedLaterSteps() throws Exception {
        CaseDefinition read = aCase(
                "read",
                get("/things/t-1"),
                expect(List.of(200)),
                new Extraction("thing", ExtractionSource.REGEX, "\"id\":\"([^\"]+)\""),
                new Extraction("whole", ExtractionSource.REGEX, "t-\\d"),
                new Extraction("fallback", ExtractionSource.BODY, "$.nothing", "t-1"));
        CaseDefinition again =
                aCase("again", get("/things/{{fallback}}?a={{thing}}&b={{whole}}"), expect(List.of(200)));
        List<StepDetail> steps = run(base(), Map.of(), Map.of(), read, again);
        assertThat(steps).extracting(StepDetail::status).containsExactly(StepStatus.PASSED, StepStatus.PASSED);
        assertThat(steps.get(1).url()).isEqualTo(base() + "/things/t-1?a=t-1&b=t-1");
    }

    @Test
    void suiteVariablesSitBetweenTheEnvironmentAndTheRow() throws Exception {
        CaseDefinition echo = aCase(
                "echo",
                new RequestTemplate(
                        HttpMethod.POST, "/things", null, null, BodyType.JSON, "{\"who\":\"{{who}}\"}", 2_000),
                expect(List.of(201)));
        assertThat(run(base(), Map.of(), Map.of(), Map.of("who", "suite"), null, 0, echo)
                        .getFirst()
                        .requestBody())
                .isEqualTo("{\"who\":\"suite\"}");
        assertThat(run(base(), Map.of("who", "row"), Map.of(), Map.of("who", "suite"), null, 0, echo)
                        .getFirst()
                        .requestBody())
                .isEqualTo("{\"who\":\"row\"}");
    }

    @Test
    void builtInsAreRepeatableWithASeedAndFreshWithout() throws Exception {
        CaseDefinition post = aCase(
                "post",
                new RequestTemplate(
                        HttpMethod.POST,
                        "/things",
                        null,
                        null,
                        BodyType.JSON,
                        "{\"id\":\"{{$uuid}}\",\"n\":{{$randomInt 5 7}},\"mail\":\"{{$randomEmail}}\","
                                + "\"at\":{{$timestamp}},\"iso\":\"{{$isoDateTime}}\"}",
                        2_000),
                expect(List.of(201)));
        String first = run(base(), Map.of(), Map.of(), Map.of(), 42L, 7, post)
                .getFirst()
                .requestBody();
        String again = run(base(), Map.of(), Map.of(), Map.of(), 42L, 7, post)
                .getFirst()
                .requestBody();
        String otherItem = run(base(), Map.of(), Map.of(), Map.of(), 42L, 8, post)
                .getFirst()
                .requestBody();
        String unseeded = run(base(), Map.of(), Map.of(), Map.of(), null, 7, post)
                .getFirst()
                .requestBody();
        assertThat(first)
                .matches("\\{\"id\":\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\","
                        + "\"n\":[5-7],\"mail\":\"user-[0-9a-f]{8}@example.com\",\"at\":\\d{10},"
                        + "\"iso\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"}");
        assertThat(randomPart(again)).isEqualTo(randomPart(first));
        assertThat(randomPart(otherItem)).isNotEqualTo(randomPart(first));
        assertThat(randomPart(unseeded)).isNotEqualTo(randomPart(first));
    }

    /** The body up to the time fields, which are not random. */
    private static String randomPart(String body) {
        return body.substring(0, body.indexOf(",\"at\""));
    }

    static StepDetail runSecured(AuthConfig auth, CaseDefinition step) throws InterruptedException {
        SecretBox box = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
        RunSnapshot snapshot = snapshot(
                anEnvironmentSnapshot(base())
                        .variables(Map.of("user", "robot"))
                        .secrets(Map.of("pass", box.seal("pa55-w0rd"), "token", box.seal("t0ken-xyz")))
                        .auth(auth)
                        .build(),
                Map.of(),
                null,
                null,
                step);
        return executor.execute(CompiledRun.compile(snapshot, box), new WorkItem(0, 0, 0), Map.of())
                .steps()
                .getFirst();
    }

    @Test
    void everyAuthKindSendsItsCredentials() throws Exception {
        CaseDefinition read = aCase("read", get("/things/t-1"), expect(List.of(200)));
        runSecured(new AuthConfig(AuthType.BEARER, null, null, "{{token}}", null, null), read);
        runSecured(new AuthConfig(AuthType.BASIC, "{{user}}", "{{pass}}", null, null, null), read);
        runSecured(new AuthConfig(AuthType.API_KEY_HEADER, null, null, null, "X-Key", "{{token}}"), read);
        StepDetail query =
                runSecured(new AuthConfig(AuthType.API_KEY_QUERY, null, null, null, "key", "{{token}}"), read);
        synchronized (authorizationsSeen) {
            assertThat(authorizationsSeen)
                    .contains(
                            "Bearer t0ken-xyz",
                            "Basic " + Base64.getEncoder().encodeToString("robot:pa55-w0rd".getBytes()),
                            "x-key=t0ken-xyz",
                            "query=key=t0ken-xyz");
        }
        assertThat(query.url()).endsWith("/things/t-1?key=[REDACTED]");
    }

    @Test
    void secretValuesNeverReachAStepDetail() throws Exception {
        // the secret travels in the body, comes back in the echo, and shows in a failure message
        CaseDefinition leaky = aCase(
                "leaky",
                new RequestTemplate(
                        HttpMethod.POST, "/things", null, null, BodyType.JSON, "{\"t\":\"{{token}}\"}", 2_000),
                new Expectations(
                        List.of(201),
                        List.of(new JsonPathCheck("$.echo.t", CheckOperator.EQUALS, "not-{{token}}")),
                        null,
                        null,
                        null,
                        null,
                        null));
        StepDetail step = runSecured(new AuthConfig(AuthType.BEARER, null, null, "{{token}}", null, null), leaky);
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.toString()).doesNotContain("t0ken-xyz").contains("[REDACTED]");
        assertThat(step.failures().getFirst().message())
                .isEqualTo("$.echo.t equals: expected not-[REDACTED] but was [REDACTED]");
    }

    @Test
    void aStepThatPassesOnARetryIsFlakyAndEveryAttemptIsKept() throws Exception {
        RetryPolicy onServerErrors = new RetryPolicy(3, 5, Set.of(RetryOn.SERVER_ERROR));
        ChainResult result = runChain(retried("flaky", "/flaky/a", onServerErrors));
        StepDetail step = result.steps().getFirst();
        assertThat(step.status()).isEqualTo(StepStatus.FLAKY);
        assertThat(step.attempt()).isEqualTo(3);
        assertThat(result.retriedAttempts())
                .extracting(StepDetail::attempt, StepDetail::status, StepDetail::responseStatus)
                .containsExactly(tuple(1, StepStatus.FAILED, 503), tuple(2, StepStatus.FAILED, 503));
        assertThat(result.retriedAttempts().getFirst().key()).isEqualTo("0:0:1");
        assertThat(step.key()).isEqualTo("0:0:3");
    }

    @Test
    void onlyTheTroublesThePolicyNamesAreRetried() throws Exception {
        // two attempts are not enough to get past two 503s
        ChainResult tooFew = runChain(retried("b", "/flaky/b", new RetryPolicy(2, 0, Set.of(RetryOn.SERVER_ERROR))));
        assertThat(tooFew.steps().getFirst().status()).isEqualTo(StepStatus.FAILED);
        assertThat(tooFew.retriedAttempts()).hasSize(1);
        // a policy for timeouts leaves a 503 alone
        ChainResult other = runChain(retried("c", "/flaky/c", new RetryPolicy(5, 0, Set.of(RetryOn.TIMEOUT))));
        assertThat(other.steps().getFirst().attempt()).isEqualTo(1);
        assertThat(other.retriedAttempts()).isEmpty();
        // no policy, no retry
        assertThat(runChain(retried("d", "/flaky/d", null)).retriedAttempts()).isEmpty();
    }

    @Test
    void connectionErrorsAreRetriedWhenAskedAndStayErrorsWhenTheyLast() throws Exception {
        CaseDefinition refused = aCaseDefinition("refused", get("http://127.0.0.1:1/x"))
                .expecting(expect(List.of(200)))
                .retried(new RetryPolicy(3, 1, Set.of(RetryOn.CONNECTION)))
                .build();
        ChainResult result = runChain(refused);
        assertThat(result.steps().getFirst().status()).isEqualTo(StepStatus.ERRORED);
        assertThat(result.steps().getFirst().attempt()).isEqualTo(3);
        assertThat(result.retriedAttempts()).extracting(StepDetail::status).containsOnly(StepStatus.ERRORED);
    }

    @Test
    void anOAuth2TokenIsFetchedOncePerRunAndSharedByItsChains() throws Exception {
        SecretBox box = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
        CaseDefinition read = aCase("read", get("/things/t-1"), expect(List.of(200)));
        RunSnapshot snapshot = snapshot(
                anEnvironmentSnapshot(base())
                        .secrets(Map.of("secret", box.seal("pa55-w0rd")))
                        .auth(new AuthConfig(
                                AuthType.OAUTH2_CLIENT_CREDENTIALS,
                                "robot",
                                "{{secret}}",
                                null,
                                null,
                                null,
                                base() + "/token",
                                "items:read"))
                        .build(),
                Map.of(),
                null,
                null,
                read);
        CompiledRun run = CompiledRun.compile(snapshot, box);
        tokenRequests.clear();
        List<StepDetail> steps = new CopyOnWriteArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                long seq = i;
                threads.submit(() -> steps.addAll(
                        executor.execute(run, new WorkItem(seq, 0, 0), Map.of()).steps()));
            }
        }
        assertThat(steps).hasSize(20).allSatisfy(step -> assertThat(step.status())
                .isEqualTo(StepStatus.PASSED));
        assertThat(tokenRequests)
                .containsExactly("Basic " + Base64.getEncoder().encodeToString("robot:pa55-w0rd".getBytes())
                        + " grant_type=client_credentials&scope=items%3Aread");
        synchronized (authorizationsSeen) {
            assertThat(authorizationsSeen).contains("Bearer tok-1");
        }
    }

    @Test
    void bodiesAreValidatedAgainstAJsonSchema() throws Exception {
        String schema = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"required\":[\"id\",\"price\"],\"properties\":{\"id\":{\"type\":\"string\"},"
                + "\"price\":{\"type\":\"number\",\"maximum\":%s}}}";
        CaseDefinition conforming = aCase(
                "conforming",
                get("/things/t-1"),
                new Expectations(List.of(200), null, null, null, null, null, null, schema.formatted("10")));
        assertThat(run(base(), Map.of(), Map.of(), conforming).getFirst().failures())
                .isEmpty();

        CaseDefinition tooExpensive = aCase(
                "tooExpensive",
                get("/things/t-1"),
                new Expectations(List.of(200), null, null, null, null, null, null, schema.formatted("5")));
        StepDetail step = run(base(), Map.of(), Map.of(), tooExpensive).getFirst();
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.failures()).hasSize(1);
        assertThat(step.failures().getFirst().check()).isEqualTo("body matches JSON Schema at $.price");
        assertThat(step.failures().getFirst().actual()).contains("maximum").contains("5");
    }

    @Test
    void aSchemaReferringToTheNetworkIsNeverFetched() throws Exception {
        String remote = "{\"$ref\":\"" + base() + "/schema.json\"}";
        CaseDefinition step = aCase(
                "remote",
                get("/things/t-1"),
                new Expectations(List.of(200), null, null, null, null, null, null, remote));
        StepDetail detail = run(base(), Map.of(), Map.of(), step).getFirst();
        assertThat(schemaFetches.get()).isZero();
        assertThat(detail.status()).isEqualTo(StepStatus.FAILED);
        assertThat(detail.failures().getFirst().check()).isEqualTo("body matches JSON Schema");
        assertThat(detail.failures().getFirst().expected()).isEqualTo("a schema that can be evaluated");
    }

    static StepDetail runWith(String baseUrl, boolean followRedirects, boolean verifyTls, CaseDefinition step)
            throws InterruptedException {
        RunSnapshot snapshot = snapshot(
                anEnvironmentSnapshot(baseUrl)
                        .followRedirects(followRedirects)
                        .verifyTls(verifyTls)
                        .build(),
                Map.of(),
                null,
                null,
                step);
        return executor.execute(CompiledRun.compile(snapshot), new WorkItem(0, 0, 0), Map.of())
                .steps()
                .getFirst();
    }

    @Test
    void redirectsAreFollowedOnlyWhereTheEnvironmentSaysSo() throws Exception {
        CaseDefinition moved = aCase("moved", get("/moved"), Expectations.none());
        assertThat(runWith(base(), false, true, moved).responseStatus()).isEqualTo(302);
        StepDetail followed = runWith(base(), true, true, moved);
        assertThat(followed.responseStatus()).isEqualTo(200);
        assertThat(followed.responseBody()).contains("\"id\":\"t-1\"");
    }

    @Test
    void theCloudMetadataServiceIsNeverATargetNorARedirect() throws Exception {
        // followed redirect to the metadata address: refused before a connection is opened
        long started = System.nanoTime();
        StepDetail redirected = runWith(base(), true, true, aCase("sneaky", get("/to-metadata"), Expectations.none()));
        assertThat(redirected.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(redirected.error()).contains("169.254.169.254").contains("link-local");
        // a case may name a whole URL instead of a path: the same check applies
        StepDetail direct =
                runWith(base(), false, true, aCase("direct", get("http://[fe80::1]:8080/x"), Expectations.none()));
        assertThat(direct.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(direct.error()).contains("link-local");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no connection was tried (the connect timeout is 2 s)")
                .isLessThan(Duration.ofSeconds(2));
        // loopback targets, where staging systems and these tests live, are not affected
        assertThat(runWith(base(), true, true, aCase("moved", get("/moved"), Expectations.none()))
                        .responseStatus())
                .isEqualTo(200);
    }

    @Test
    void theFarmsOwnServicePortsAreNeverATargetNorARedirect() throws Exception {
        StepDetail direct =
                runWith(base(), false, true, aCase("redis", get("http://127.0.0.1:6379/"), Expectations.none()));
        assertThat(direct.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(direct.error()).contains("port 6379 is one of the farm's own services");
        assertThat(direct.responseStatus()).isNull();

        StepDetail redirected = runWith(base(), true, true, aCase("hop", get("/to-redis"), Expectations.none()));
        assertThat(redirected.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(redirected.error()).contains("port 6379").contains("gantry.targets.allowed-service-ports");
    }

    @Test
    void tlsIsVerifiedUnlessTheEnvironmentSwitchesItOff(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("ks.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "t",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/secure", exchange -> respond(exchange, 200, "{\"secure\":true}"));
        https.start();
        try {
            String base = "https://127.0.0.1:" + https.getAddress().getPort();
            CaseDefinition secure = aCase("secure", get("/secure"), expect(List.of(200)));
            StepDetail verified = runWith(base, false, true, secure);
            assertThat(verified.status()).isEqualTo(StepStatus.ERRORED);
            assertThat(verified.error()).startsWith("TLS error with " + base + "/secure");
            assertThat(runWith(base, false, false, secure).status()).isEqualTo(StepStatus.PASSED);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void multipartBodiesSendFilePartsFromTheDataRow() throws Exception {
        CaseDefinition upload = aCase(
                "upload",
                new RequestTemplate(
                        HttpMethod.POST,
                        "/upload",
                        null,
                        Map.of("Content-Type", "application/json"),
                        BodyType.MULTIPART,
                        null,
                        2_000,
                        List.of(
                                new MultipartPart("file", "{{fname}}", "text/csv", "{{csv}}"),
                                new MultipartPart("note", null, null, "row {{n}}"))),
                expect(List.of(201)));
        uploads.clear();
        StepDetail step = run(base(), Map.of("fname", "rows.csv", "csv", "a,b\n1,2", "n", "7"), Map.of(), upload)
                .getFirst();
        assertThat(step.status()).isEqualTo(StepStatus.PASSED);
        assertThat(step.requestBody()).isEqualTo("file (file rows.csv): a,b\n1,2\nnote: row 7");
        assertThat(uploads).hasSize(1);
        String received = uploads.getFirst();
        assertThat(received.lines().findFirst().orElseThrow())
                .startsWith("multipart/form-data;")
                .contains("boundary=");
        assertThat(received)
                .contains("Content-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"")
                .contains("Content-Type: text/csv")
                .contains("a,b\n1,2")
                .contains("Content-Disposition: form-data; name=\"note\"")
                .contains("row 7");
    }
}
