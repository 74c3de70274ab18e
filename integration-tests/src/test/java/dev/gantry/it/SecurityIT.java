package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Replays every security finding against a real farm and asserts the refusal or the redaction:
 * encoded and {@code ;} paths with and without keys, oversized bodies, webhook replays, secrets in
 * every encoding, catastrophic regular expressions, targets that must never be reached.
 */
class SecurityIT {
    static Farm farm;
    static Api admin;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    // --- paths and keys ------------------------------------------------------------------------

    // --- bounded bodies and webhooks ----------------------------------------------------------

    /** A project with an environment, two suites of one case each and a CI hook; made once. */
    record HookWorkspace(UUID project, UUID smoke, UUID other, UUID hook, String secret) {}

    private static HookWorkspace hookWorkspace;
    private static HttpServer hookTarget;

    static synchronized HookWorkspace hookWorkspace() {
        if (hookWorkspace == null) {
            hookTarget = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{}"));
            Scenarios.Workspace workspace = Scenarios.workspace(admin, Scenarios.baseUrlOf(hookTarget));
            UUID other = admin.post("/api/v1/projects/" + workspace.project() + "/suites", Map.of("name", "other"))
                    .id();
            for (UUID suite : List.of(workspace.suite(), other)) {
                assertThat(admin.post(
                                        "/api/v1/suites/" + suite + "/cases",
                                        Scenarios.aCase("ping").get("/ping").build())
                                .status())
                        .isEqualTo(201);
            }
            Api.Answer hook = admin.post("/api/v1/projects/" + workspace.project() + "/hooks", Map.of("name", "ci"));
            assertThat(hook.status()).as(hook.raw()).isEqualTo(201);
            hookWorkspace =
                    new HookWorkspace(workspace.project(), workspace.suite(), other, hook.id(), hook.text("secret"));
        }
        return hookWorkspace;
    }

    @AfterAll
    static void stopHookTarget() {
        if (hookTarget != null) {
            hookTarget.stop(0);
        }
    }

    static double refusals(String reason) {
        return farm.controlPlane
                .getBean(MeterRegistry.class)
                .get("gantry.security.refusals")
                .tag("reason", reason)
                .counter()
                .count();
    }

    /** What came back on a raw connection, and how much of the body had gone out by then. */
    record RawAnswer(int status, String body, long sentWhenAnswered, Duration took) {}

    /**
     * A POST on a raw socket: the head, then either {@code sent} bytes under a declared
     * {@code Content-Length} of {@code declared}, or (declared < 0) a chunked body streamed until
     * {@code sent} bytes or until the server answers or closes. The answer is read while the body is
     * still going out, as a CI system that sends a huge delivery would see it.
     */
    static RawAnswer rawPost(String pathAndQuery, Map<String, String> headers, long declared, long sent)
            throws Exception {
        int port = Integer.parseInt(farm.controlPlane.getEnvironment().getProperty("local.server.port"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            if (!headers.containsKey("Content-Type")) {
                head.append("Content-Type: application/json\r\n");
            }
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append(declared >= 0 ? "Content-Length: " + declared : "Transfer-Encoding: chunked")
                    .append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong written = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                chunk[0] = '{';
                try {
                    while (!stop.get() && written.get() < sent) {
                        int n = (int) Math.min(chunk.length, sent - written.get());
                        if (declared < 0) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(chunk, 0, n);
                        if (declared < 0) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        written.addAndGet(n);
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection on a body it would not read: what we want
                }
            });
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            long sentWhenAnswered = written.get();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Map<String, String> answerHeaders = new HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                answerHeaders.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (answerHeaders.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(answerHeaders.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                        size > 0;
                        size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
            }
            stop.set(true);
            socket.close();
            writer.join(Duration.ofSeconds(10));
            return new RawAnswer(
                    Integer.parseInt(statusLine.split(" ")[1]),
                    body.toString(StandardCharsets.UTF_8),
                    sentWhenAnswered,
                    took);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed after: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    static void assertBodyTooLarge(int status, String body, String limit, long maxBytes) {
        assertThat(status).as(body).isEqualTo(413);
        JsonNode problem = Api.JSON.readTree(body);
        assertThat(problem.get("code").asString()).isEqualTo("body-too-large");
        assertThat(problem.get("limit").asString()).isEqualTo(limit);
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(maxBytes);
    }

    static final long WEBHOOK_LIMIT = 1024 * 1024;
    static final long DATA_SET_LIMIT = 16 * 1024 * 1024;
    static final long HUGE = 200_000_000;

    @Test
    void anOversizedWebhookDeliveryIsRefusedBeforeItsBodyIsRead() throws Exception {
        HookWorkspace ws = hookWorkspace();
        String path = "/api/v1/hooks/ci/" + ws.hook() + "?suite=suite&environment=target";
        double tooLargeBefore = refusals("body-too-large");
        double badSignatureBefore = refusals("bad-signature");
        int runsBefore = runsOf(ws.smoke());

        // 200 MB declared, 16 bytes sent, no signature: answered at once, from the headers alone
        RawAnswer unsigned = rawPost(path, Map.of("X-Gantry-Delivery", "huge-1"), HUGE, 16);
        assertThat(unsigned.status()).as(unsigned.body()).isIn(401, 413);
        assertThat(unsigned.took()).isLessThan(Duration.ofSeconds(5));

        // the same with a signature: 413 naming the limit, still without waiting for the body
        Map<String, String> signed =
                Map.of("X-Gantry-Delivery", "huge-2", "X-Gantry-Timestamp", now(), "X-Gantry-Signature", "sha256=00");
        RawAnswer declared = rawPost(path, signed, HUGE, 16);
        assertBodyTooLarge(declared.status(), declared.body(), "gantry.bodies.webhook", WEBHOOK_LIMIT);
        assertThat(declared.took()).isLessThan(Duration.ofSeconds(5));

        // streamed (chunked), nothing declared: no signature, refused before a byte is read ...
        RawAnswer streamedUnsigned = rawPost(path, Map.of("X-Gantry-Delivery", "huge-3"), -1, HUGE);
        assertThat(streamedUnsigned.status()).as(streamedUnsigned.body()).isEqualTo(401);
        assertThat(Api.JSON.readTree(streamedUnsigned.body()).get("code").asString())
                .isEqualTo("bad-signature");
        // ... with one, cut off once past the limit: answered while the body was still going out
        RawAnswer streamed = rawPost(path, signed, -1, HUGE);
        assertBodyTooLarge(streamed.status(), streamed.body(), "gantry.bodies.webhook", WEBHOOK_LIMIT);
        assertThat(streamed.sentWhenAnswered())
                .as("bytes sent when the answer came (socket buffers included)")
                .isLessThan(32L * 1024 * 1024);

        assertThat(refusals("body-too-large") - tooLargeBefore).isGreaterThanOrEqualTo(2);
        assertThat(refusals("bad-signature") - badSignatureBefore).isGreaterThanOrEqualTo(1);
        assertThat(runsOf(ws.smoke())).isEqualTo(runsBefore);
    }

    @Test
    void oversizedDataSetsAreRefusedNamingTheLimitAndTheSuitesDataSetsStayAsTheyWere() throws Exception {
        HookWorkspace ws = hookWorkspace();
        UUID suite = admin.post(
                        "/api/v1/projects/" + ws.project() + "/suites", Map.of("name", "data-" + UUID.randomUUID()))
                .id();
        Scenarios.numberedRows(admin, suite, 3);
        String before = admin.get("/api/v1/suites/" + suite + "/data-sets").raw();
        double tooLargeBefore = refusals("body-too-large");

        // just past the limit: a streamed body is cut off at the limit, and Tomcat swallows the
        // rest (up to server.tomcat.max-swallow-size, 2 MB) so that the client reads the answer
        int rows = (int) ((DATA_SET_LIMIT + 512 * 1024) / 42) + 1;
        String bigJson = "{\"name\": \"big\", \"rows\": ["
                + "{\"n\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},".repeat(rows) + "{\"n\": \"last\"}]}";
        String bigCsv = "n\n" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".repeat(rows);
        assertThat((long) bigJson.length()).isGreaterThan(DATA_SET_LIMIT);
        assertThat((long) bigCsv.length()).isGreaterThan(DATA_SET_LIMIT);
        String json = "/api/v1/suites/" + suite + "/data-sets";
        String csv = "/api/v1/suites/" + suite + "/data-sets/csv?name=big";

        // declared by Content-Length: refused from the headers, the body never read
        for (String[] upload : new String[][] {{json, "application/json"}, {csv, "text/csv"}}) {
            RawAnswer declared = rawPost(
                    upload[0], Map.of("X-Api-Key", farm.adminKey, "Content-Type", upload[1]), bigJson.length(), 16);
            assertBodyTooLarge(declared.status(), declared.body(), "gantry.bodies.data-set", DATA_SET_LIMIT);
            assertThat(declared.took()).isLessThan(Duration.ofSeconds(5));
        }
        // a client that asks first (Expect: 100-continue, as curl does for large bodies) is told
        // before it sends anything
        HttpResponse<String> asked = HTTP.send(
                HttpRequest.newBuilder(URI.create(farm.baseUrl() + json))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", farm.adminKey)
                        .expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofString(bigJson))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertBodyTooLarge(asked.statusCode(), asked.body(), "gantry.bodies.data-set", DATA_SET_LIMIT);
        // streamed: JSON cut off under the JSON reader, CSV under the text reader
        HttpResponse<String> streamedJson = post(json, "application/json", bigJson);
        assertBodyTooLarge(streamedJson.statusCode(), streamedJson.body(), "gantry.bodies.data-set", DATA_SET_LIMIT);
        HttpResponse<String> streamedCsv = post(csv, "text/csv", bigCsv);
        assertBodyTooLarge(streamedCsv.statusCode(), streamedCsv.body(), "gantry.bodies.data-set", DATA_SET_LIMIT);

        assertThat(refusals("body-too-large") - tooLargeBefore).isGreaterThanOrEqualTo(5);
        assertThat(admin.get("/api/v1/suites/" + suite + "/data-sets").raw()).isEqualTo(before);
        // a data set within the limit is still taken
        assertThat(admin.send("POST", "/api/v1/suites/" + suite + "/data-sets/csv?name=small", "n\n1\n2\n", "text/csv")
                        .status())
                .isEqualTo(201);
    }

    /** A POST of a body whose length is not declared: sent chunked, so the server must cut it off. */
    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(farm.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("X-Api-Key", farm.adminKey)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A delivery as a CI job signs it (the README's scheme, written independently of the code). */
    record Delivery(String query, String body, Map<String, String> headers) {
        static Delivery signed(String secret, String query, String body, String deliveryId) throws Exception {
            String timestamp = now();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String text = timestamp + "\n" + deliveryId + "\n" + query + "\n" + body;
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
            return new Delivery(
                    query,
                    body,
                    Map.of(
                            "X-Gantry-Timestamp", timestamp,
                            "X-Gantry-Signature", signature,
                            "X-Gantry-Delivery", deliveryId));
        }

        /** The captured delivery with one header replaced (or added). */
        Delivery withHeader(String name, String value) {
            Map<String, String> changed = new HashMap<>(headers);
            changed.keySet().removeIf(n -> n.endsWith("Delivery") || n.endsWith("UUID"));
            changed.put(name, value);
            return new Delivery(query, body, changed);
        }

        Delivery withQuery(String other) {
            return new Delivery(other, body, headers);
        }

        HttpResponse<String> send(UUID hook) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(farm.baseUrl() + "/api/v1/hooks/ci/" + hook + "?" + query))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static int runsOf(UUID suite) {
        return admin.get("/api/v1/suites/" + suite + "/runs").body().size();
    }

    @Test
    void aCapturedDeliveryCannotStartMoreRunsOrAnotherSuitesRunButStillWorksOnceAsSigned() throws Exception {
        HookWorkspace ws = hookWorkspace();
        // a GitHub push: the query picks suite and environment
        String push = "{\"ref\": \"refs/heads/main\", \"after\": \"3333333333333333333333333333333333333333\"}";
        Delivery captured = Delivery.signed(ws.secret(), "suite=suite&environment=target", push, "push-1");
        double badSignatureBefore = refusals("bad-signature");

        // replayed under new delivery ids (any of the three headers): refused, no run
        for (Delivery replay : List.of(
                captured.withHeader("X-Gantry-Delivery", "push-2"),
                captured.withHeader("X-Gantry-Delivery", "push-3"),
                captured.withHeader("X-GitHub-Delivery", "push-4"),
                captured.withHeader("X-Gitlab-Event-UUID", "push-5"))) {
            HttpResponse<String> answer = replay.send(ws.hook());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
            assertThat(Api.JSON.readTree(answer.body()).get("code").asString()).isEqualTo("bad-signature");
        }
        assertThat(runsOf(ws.smoke())).isZero();

        // sent to another suite: refused, no run of that suite
        HttpResponse<String> elsewhere =
                captured.withQuery("suite=other&environment=target").send(ws.hook());
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(401);
        assertThat(runsOf(ws.other())).isZero();
        assertThat(refusals("bad-signature") - badSignatureBefore).isGreaterThanOrEqualTo(5);

        // the delivery as signed starts its run once; its retry answers the same run
        HttpResponse<String> first = captured.send(ws.hook());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode accepted = Api.JSON.readTree(first.body());
        assertThat(accepted.get("duplicate").asBoolean()).isFalse();
        HttpResponse<String> retry = captured.send(ws.hook());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(Api.JSON.readTree(retry.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(Api.JSON.readTree(retry.body()).get("runId").asString())
                .isEqualTo(accepted.get("runId").asString());
        UUID run = UUID.fromString(accepted.get("runId").asString());
        assertThat(admin.waitForEnd(run, Duration.ofMinutes(1)).get("status").asString())
                .isEqualTo("PASSED");
        assertThat(runsOf(ws.smoke())).isEqualTo(1);
        assertThat(runsOf(ws.other())).isZero();
    }

    // --- secrets and regular expressions --------------------------------------------------------

    // --- targets ------------------------------------------------------------------------------
}
