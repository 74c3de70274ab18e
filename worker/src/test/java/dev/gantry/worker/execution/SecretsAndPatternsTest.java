package dev.gantry.worker.execution;

import static dev.gantry.testsupport.Snapshots.aCaseDefinition;
import static dev.gantry.testsupport.Snapshots.anEnvironmentSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.AuthConfig;
import dev.gantry.model.AuthType;
import dev.gantry.model.BodyType;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.EnvironmentSnapshot;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.JsonPathCheck;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.SecretBox;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import dev.gantry.model.WorkItem;
import dev.gantry.testsupport.TargetPace;
import dev.gantry.worker.config.WorkerProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secrets in every form in which they could leave a worker, credentials and redirects, answers
 * too large to hold, and regular expressions that would never end: against a real HTTP server
 * that echoes what it was sent, as debugging endpoints of real systems do.
 */
class SecretsAndPatternsTest {
    /** Every character that changes in some encoding: + / = & % a space and a quote. */
    static final String SECRET = "s3cr+t/k=y&v%1 z\"q";

    static final SecretBox BOX = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_BODY = 256;

    static HttpServer server;
    static ApacheHttpTransport http;
    static InFlightRequests inFlight;
    static ChainExecutor executor;
    static final List<Map<String, String>> echoed = new CopyOnWriteArrayList<>();
    static final AtomicInteger answeredAs = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", SecretsAndPatternsTest::echo);
        server.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 200, "application/json", "{\"access_token\":\"fetched-t0ken-42\",\"expires_in\":3600}");
        });
        server.createContext("/hop", exchange -> {
            // redirects to the URL in the query, as an open redirect of a target would
            String to = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring(3), StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", to);
            respond(exchange, 302, "text/plain", "");
        });
        server.createContext("/as", exchange -> {
            answeredAs.incrementAndGet();
            respond(exchange, 200, "application/json", "\"" + "a".repeat(40) + "!\"");
        });
        server.createContext("/big", exchange -> {
            // {"pad":"xxx…","tail":1} with a pad of ?mb= mebibytes, streamed: the size is not announced
            int mebibytes = Integer.parseInt(exchange.getRequestURI().getQuery().substring(3));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] block = new byte[1024 * 1024];
            java.util.Arrays.fill(block, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"pad\":\"".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < mebibytes; i++) {
                    out.write(block);
                }
                out.write("\",\"tail\":1}".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException clientWentAway) {
                // the worker gave up on it
            }
        });
        server.createContext("/trickle", exchange -> {
            // a byte every 100 ms, for a minute: a body that does not end
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600 && !Thread.currentThread().isInterrupted(); i++) {
                    out.write('.');
                    out.flush();
                    TargetPace.pauseMillis(100);
                }
            } catch (IOException clientWentAway) {
                // the worker gave up on it
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        WorkerProperties properties = new WorkerProperties(
                8,
                1,
                Duration.ofSeconds(2),
                MAX_BODY,
                4,
                64,
                DataSize.ofKilobytes(512),
                DataSize.ofMegabytes(16),
                Duration.ofMillis(300));
        inFlight = new InFlightRequests();
        http = new ApacheHttpTransport(
                properties,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                inFlight,
                false,
                dev.gantry.model.ServicePorts.of(dev.gantry.model.ServicePorts.DEFAULTS, List.of()));
        executor = new ChainExecutor(
                http,
                new OAuth2Tokens(http, JSON, Clock.systemUTC()),
                RequestPermits.NONE,
                properties,
                inFlight,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop(0);
        http.destroy();
    }

    /** Answers what it was sent: raw URI, headers and body, in JSON as serializers write it, and re-encoded. */
    static void echo(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put(
                "uri",
                exchange.getRequestURI().getRawPath() + "?"
                        + exchange.getRequestURI().getRawQuery());
        seen.put("decodedUri", exchange.getRequestURI().toString());
        exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), String.join(",", values)));
        seen.put("body", body);
        seen.put("formEncoded", URLEncoder.encode(body, StandardCharsets.UTF_8));
        seen.put("uriEncoded", URLEncoder.encode(body, StandardCharsets.UTF_8).replace("+", "%20"));
        echoed.add(seen);
        String json = JSON.writeValueAsString(seen);
        // some serializers escape the solidus too, and write everything past ASCII as \\u escapes
        String answer = "{\"plain\":" + json + ",\"escapedSolidus\":" + json.replace("/", "\\/") + "}";
        respond(exchange, 200, "application/json", answer);
    }

    static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static CaseDefinition aCase(String name, RequestTemplate request, Expectations expectations, Extraction... x) {
        return aCaseDefinition(name, request)
                .expecting(expectations)
                .extracting(x)
                .build();
    }

    static RequestTemplate get(String path) {
        return new RequestTemplate(HttpMethod.GET, path, null, null, null, null, 5_000);
    }

    static CompiledRun compile(AuthConfig auth, boolean followRedirects, CaseDefinition... chain) {
        EnvironmentSnapshot environment = anEnvironmentSnapshot(base())
                .variables(Map.of("user", "robot"))
                .secrets(Map.of("token", BOX.seal(SECRET)))
                .auth(auth)
                .followRedirects(followRedirects)
                .build();
        RunSnapshot snapshot = ChainExecutorTest.snapshot(environment, Map.of(), Map.of(), null, chain);
        return CompiledRun.compile(snapshot, BOX);
    }

    static StepDetail runOne(AuthConfig auth, boolean followRedirects, CaseDefinition step) throws Exception {
        return executor.execute(compile(auth, followRedirects, step), new WorkItem(0, 0, 0), Map.of())
                .steps()
                .getFirst();
    }

    /** Every form a secret may be written in that an echoing target or a URL could show. */
    static List<String> formsOf(String secret) {
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String json = JSON.writeValueAsString(secret);
        json = json.substring(1, json.length() - 1);
        return List.of(
                secret,
                form,
                form.replace("+", "%20"),
                form.toLowerCase(),
                json,
                json.replace("/", "\\/"),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    static void assertNoFormOf(String secret, StepDetail step) {
        String everything = JSON.writeValueAsString(step);
        for (String form : formsOf(secret)) {
            assertThat(everything).as("the secret written as %s", form).doesNotContain(form);
        }
        assertThat(step.toString()).doesNotContain(secret);
    }

    @Test
    void aSecretInTheQueryAndAFormBodyIsRedactedInEveryEncodingTheTargetEchoes() throws Exception {
        AuthConfig queryKey = new AuthConfig(AuthType.API_KEY_QUERY, null, null, null, "key", "{{token}}");
        CaseDefinition post = aCase(
                "form",
                new RequestTemplate(
                        HttpMethod.POST,
                        "/echo",
                        Map.of("also", "{{token}}"),
                        null,
                        BodyType.FORM,
                        "user=robot&password={{token}}",
                        5_000),
                Expectations.none());
        echoed.clear();
        StepDetail step = runOne(queryKey, false, post);

        assertThat(step.status()).isEqualTo(StepStatus.PASSED);
        // it was sent: the target got the secret, form-encoded in the query and as written in the body
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertThat(echoed.getFirst().get("uri")).contains("also=" + form).contains("key=" + form);
        assertThat(echoed.getFirst().get("body")).isEqualTo("user=robot&password=" + SECRET);
        // and no step detail shows it in any form
        assertNoFormOf(SECRET, step);
        assertThat(step.url()).endsWith("/echo?also=[REDACTED]&key=[REDACTED]");
        assertThat(step.requestBody()).isEqualTo("user=robot&password=[REDACTED]");
        assertThat(step.responseBody()).contains("[REDACTED]");
    }

    @Test
    void basicCredentialsEchoedByTheTargetAreRedactedInBase64() throws Exception {
        AuthConfig basic = new AuthConfig(AuthType.BASIC, "{{user}}", "{{token}}", null, null, null);
        StepDetail step = runOne(basic, false, aCase("basic", get("/echo"), Expectations.none()));

        String header =
                "Basic " + Base64.getEncoder().encodeToString(("robot:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(echoed.getLast().get("authorization")).isEqualTo(header);
        assertThat(JSON.writeValueAsString(step)).doesNotContain(header.substring(6));
        assertThat(step.requestHeaders()).containsEntry("authorization", "[REDACTED]");
        assertNoFormOf(SECRET, step);
    }

    @Test
    void anAccessTokenFetchedDuringTheRunIsRedactedLikeASecret() throws Exception {
        AuthConfig oauth = new AuthConfig(
                AuthType.OAUTH2_CLIENT_CREDENTIALS, "robot", "{{token}}", null, null, null, base() + "/token", null);
        StepDetail step = runOne(oauth, false, aCase("oauth", get("/echo"), Expectations.none()));

        assertThat(echoed.getLast().get("authorization")).isEqualTo("Bearer fetched-t0ken-42");
        assertThat(JSON.writeValueAsString(step)).doesNotContain("fetched-t0ken-42");
        assertNoFormOf(SECRET, step);
    }

    @Test
    void aBodyIsRedactedBeforeItIsCutSoNoHeadOfASecretShows() throws Exception {
        // the secret starts 5 characters before the cut of the detail's body
        String padding = "x".repeat(MAX_BODY - 5);
        CaseDefinition post = aCase(
                "long",
                new RequestTemplate(HttpMethod.POST, "/echo", null, null, BodyType.TEXT, padding + "{{token}}", 5_000),
                Expectations.none());
        StepDetail step = runOne(null, false, post);

        assertThat(step.requestBody()).startsWith(padding).contains("more characters");
        assertThat(step.requestBody()).doesNotContain(SECRET.substring(0, 5));
        assertThat(step.responseBody()).doesNotContain(SECRET.substring(0, 5));
    }

    @Test
    void aRunsErrorMessagesNeverShowASecret() throws Exception {
        // nothing listens on port 1: the error names the URL, with the key in its query
        CaseDefinition refused = aCase("refused", get("http://127.0.0.1:1/x?key={{token}}"), Expectations.none());
        StepDetail step = runOne(null, false, refused);

        assertThat(step.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(step.error()).contains("127.0.0.1:1").contains("[REDACTED]");
        assertNoFormOf(SECRET, step);

        CompiledRun run = compile(null, false, refused);
        assertThat(run.redaction()
                        .text("IOException: invalid URL http://h/x?key="
                                + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)))
                .isEqualTo("IOException: invalid URL http://h/x?key=[REDACTED]");
    }

    @Test
    void credentialsNeverFollowARedirectToAnotherOriginButDoToTheSameOne() throws Exception {
        AuthConfig headerKey = new AuthConfig(AuthType.API_KEY_HEADER, null, null, null, "X-Custom-Key", "{{token}}");
        int port = server.getAddress().getPort();
        // localhost is the same server under another name: another origin, as far as anyone can tell
        String elsewhere = "http://localhost:" + port + "/echo";
        CaseDefinition away = aCase(
                "away",
                new RequestTemplate(
                        HttpMethod.GET,
                        "/hop",
                        Map.of("to", elsewhere),
                        Map.of("Authorization", "Bearer {{token}}", "X-Trace", "t-1"),
                        null,
                        null,
                        5_000),
                Expectations.none());
        echoed.clear();
        StepDetail redirected = runOne(headerKey, true, away);
        assertThat(redirected.responseStatus()).isEqualTo(200);
        Map<String, String> seenElsewhere = echoed.getLast();
        assertThat(seenElsewhere.get("host")).startsWith("localhost");
        assertThat(seenElsewhere).doesNotContainKeys("authorization", "x-custom-key");
        assertThat(seenElsewhere).containsEntry("x-trace", "t-1");

        CaseDefinition home = aCase(
                "home",
                new RequestTemplate(
                        HttpMethod.GET,
                        "/hop",
                        Map.of("to", base() + "/echo"),
                        Map.of("Authorization", "Bearer {{token}}"),
                        null,
                        null,
                        5_000),
                Expectations.none());
        echoed.clear();
        runOne(headerKey, true, home);
        assertThat(echoed.getLast())
                .containsEntry("authorization", "Bearer " + SECRET)
                .containsEntry("x-custom-key", SECRET);
    }

    @Test
    void aGigabyteAnswerIsKeptToTheLimitCountedWholeAndChecksSayWhatTheySaw() throws Exception {
        long started = System.nanoTime();
        CaseDefinition big = aCase(
                "big",
                get("/big?mb=1024"),
                new Expectations(
                        List.of(200),
                        List.of(new JsonPathCheck("$.tail", CheckOperator.EQUALS, "1")),
                        null,
                        null,
                        null,
                        null,
                        null));
        StepDetail step = runOne(null, false, big);

        long whole = 1024L * 1024 * 1024 + "{\"pad\":\"\",\"tail\":1}".length();
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.responseBytes()).isEqualTo(whole);
        assertThat(step.responseBody()).hasSizeLessThan(MAX_BODY + 100);
        assertThat(step.failures()).singleElement().satisfies(f -> assertThat(f.actual())
                .contains("checked on the first " + 512 * 1024 + " characters of " + whole + " bytes")
                .contains("gantry.worker.max-response-bytes"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));

        // the same worker goes on: an answer within the limit is read whole and passes
        StepDetail small = runOne(null, false, aCase("small", get("/big?mb=0"), big.expectations()));
        assertThat(small.status()).isEqualTo(StepStatus.PASSED);
        assertThat(small.responseBytes()).isEqualTo(whole - 1024L * 1024 * 1024);
    }

    @Test
    void aBodyThatNeverEndsIsBoundedByTheRequestsTimeout() throws Exception {
        long started = System.nanoTime();
        StepDetail step = runOne(
                null,
                false,
                aCase(
                        "trickle",
                        new RequestTemplate(HttpMethod.GET, "/trickle", null, null, null, null, 1_000),
                        Expectations.none()));

        assertThat(step.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(step.error()).startsWith("timeout: the answer's body had not ended after 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    /**
     * Nested quantifiers on forty a's and a '!': the JDK's memoisation does not save this one, which
     * backtracks for days without a bound.
     */
    static final String CATASTROPHIC = "((a+)+)+b";

    @Test
    void aCatastrophicPatternIsStoppedAtItsTimeLimitInChecksExtractionsAndSchemas() throws Exception {
        CaseDefinition check = aCase(
                "check",
                get("/as"),
                new Expectations(
                        List.of(200),
                        null,
                        List.of(new dev.gantry.model.HeaderCheck("content-type", CheckOperator.EXISTS, null)),
                        null,
                        null,
                        null,
                        null,
                        "{\"type\":\"string\",\"pattern\":\"" + CATASTROPHIC + "\"}"),
                new Extraction("x", ExtractionSource.REGEX, CATASTROPHIC, null));
        CaseDefinition header = aCase(
                "header",
                get("/as"),
                new Expectations(
                        List.of(200),
                        null,
                        List.of(new dev.gantry.model.HeaderCheck(
                                "content-type", CheckOperator.MATCHES, "^application/(json|xml)$")),
                        null,
                        null,
                        null,
                        null));
        long started = System.nanoTime();
        StepDetail step = runOne(null, false, check);

        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.failures())
                .extracting(f -> f.actual())
                .anySatisfy(a -> assertThat(a).contains("was stopped after 300 ms"))
                .hasSizeGreaterThanOrEqualTo(1);
        assertThat(step.failures().stream().map(f -> f.check()))
                .contains("extract x from regex " + CATASTROPHIC)
                .anySatisfy(c -> assertThat(c).startsWith("body matches JSON Schema"));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("two bounded patterns, not days")
                .isLessThan(Duration.ofSeconds(30));
        // a harmless pattern still works: the bound does not change what matches
        assertThat(runOne(null, false, header).failures()).isEmpty();
    }

    @Test
    void aCancelledRunStopsItsPatternsAtOnce() throws Exception {
        WorkerProperties patient = new WorkerProperties(
                8,
                1,
                Duration.ofSeconds(2),
                MAX_BODY,
                4,
                64,
                DataSize.ofKilobytes(512),
                DataSize.ofMegabytes(16),
                Duration.ofMinutes(10));
        ChainExecutor slow = new ChainExecutor(
                http,
                new OAuth2Tokens(http, JSON, Clock.systemUTC()),
                RequestPermits.NONE,
                patient,
                inFlight,
                Clock.systemUTC());
        CaseDefinition check = aCase(
                "check",
                get("/as"),
                new Expectations(
                        List.of(200),
                        List.of(new JsonPathCheck("$", CheckOperator.EXISTS, null)),
                        null,
                        null,
                        null,
                        null,
                        null),
                new Extraction("x", ExtractionSource.REGEX, CATASTROPHIC, null));
        CompiledRun run = compile(null, false, check);
        // read before the step starts: on a busy machine it may be answered before this thread looks
        int before = answeredAs.get();
        CompletableFuture<StepDetail> step = CompletableFuture.supplyAsync(
                () -> {
                    InFlightRequests.enter(run.runId());
                    try {
                        return slow.execute(run, new WorkItem(0, 0, 0), Map.of())
                                .steps()
                                .getFirst();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        InFlightRequests.leave();
                    }
                },
                Executors.newVirtualThreadPerTaskExecutor());
        // the pattern is under way once the answer is in and the request is over: only the
        // pattern's registration is left; cancel then, as CancellationWatch does
        await().atMost(Duration.ofSeconds(10))
                .until(() -> answeredAs.get() > before && inFlight.underWay(run.runId()) == 1);
        assertThat(step).isNotDone();
        assertThat(inFlight.abort(run.runId())).isEqualTo(1);

        StepDetail stopped = step.get(30, TimeUnit.SECONDS);
        assertThat(stopped.failures()).extracting(f -> f.actual()).anySatisfy(a -> assertThat(a)
                .contains("stopped: the run was cancelled"));
    }
}
