package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
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

    private static final HttpClient RAW_HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A call with the path exactly as given, and the key if there is one. */
    static Api.Answer raw(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(farm.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        HttpResponse<String> response = RAW_HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Api.Answer(
                response.statusCode(),
                body == null || !body.startsWith("{") ? null : Api.JSON.readTree(body),
                body,
                response.headers());
    }

    /** A request line written to the socket as is: the JDK's client refuses a backslash in a URI. */
    static String rawStatusLine(String requestTarget) throws IOException {
        URI base = URI.create(farm.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + farm.adminKey
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("");
        }
    }

    static long rows(String sql, Object parameter) throws Exception {
        try (var db = farm.database();
                var statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Test
    void encodedAndSemicolonPathsNeverGetPastTheRulesAndEveryRefusalIsCounted() throws Exception {
        Scenarios.Tenant other = Scenarios.tenant(admin, aTenant().named("victim"));
        UUID victim = other.id();
        String tenantKey = other.apiKey();
        double unauthenticated = refusals("unauthenticated");
        double forbidden = refusals("forbidden");
        double firewall = refusals("firewall");

        // the findings: no key, the letter a percent-encoded, or a ;x segment
        String intruder = "intruder-" + UUID.randomUUID();
        String tenantBody = Api.JSON.writeValueAsString(
                Map.of("name", intruder, "plan", "Enterprise", "adminEmail", intruder + "@it.test"));
        Api.Answer encoded = raw("POST", "/%61pi/v1/admin/tenants", null, tenantBody);
        assertThat(encoded.status()).as(encoded.raw()).isEqualTo(401);
        assertThat(encoded.text("code")).isEqualTo("unauthenticated");
        assertThat(encoded.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        String userBody = Api.JSON.writeValueAsString(Map.of("email", intruder + "@it.test", "role", "ADMIN"));
        assertThat(raw("POST", "/%61pi/v1/admin/tenants/" + victim + "/users", null, userBody)
                        .status())
                .isEqualTo(401);
        Api.Answer semicolon = raw("POST", "/api;x/v1/admin/tenants", null, tenantBody);
        assertThat(semicolon.status()).as(semicolon.raw()).isEqualTo(400);
        assertThat(semicolon.text("code")).isEqualTo("firewall");
        assertThat(raw("POST", "/api;x/v1/admin/tenants/" + victim + "/users", null, userBody)
                        .status())
                .isEqualTo(400);
        // a tenant's own ADMIN key does not reach the operator's endpoints however they are spelled
        Api.Answer queue = raw("GET", "/api/v1/%61dmin/queue", tenantKey, null);
        assertThat(queue.status()).as(queue.raw()).isEqualTo(403);
        assertThat(queue.text("code")).isEqualTo("forbidden");
        assertThat(raw("POST", "/api/v1/%61dmin/tenants", tenantKey, tenantBody).status())
                .isEqualTo(403);
        assertThat(rows("select count(*) from tenants where name = ?", intruder))
                .as("tenants made by the attempts")
                .isZero();
        assertThat(rows("select count(*) from users where email = ?", intruder + "@it.test"))
                .as("users made by the attempts")
                .isZero();

        // paths not in normal form are refused before any rule is looked at, with a key or without
        for (String path : List.of(
                "/api/v1/admin/queue;x",
                "/api//v1/admin/queue",
                "/api/v1/projects/../admin/queue",
                "/api/v1/./admin/queue",
                "/api/v1/projects/%2e%2e/admin/queue",
                "/api/v1%2fadmin/queue",
                "/api/v1%5cadmin/queue",
                "/api/v1/admin%252fqueue")) {
            for (String key : java.util.Arrays.asList(null, tenantKey, farm.adminKey)) {
                Api.Answer answer = raw("GET", path, key, null);
                assertThat(answer.status()).as(path + ": " + answer.raw()).isEqualTo(400);
            }
        }
        assertThat(rawStatusLine("/api/v1\\admin/queue")).contains(" 400 ");
        assertThat(raw("GET", "/API/V1/ADMIN/QUEUE", tenantKey, null).status()).isIn(403, 404);

        assertThat(refusals("unauthenticated") - unauthenticated).isGreaterThanOrEqualTo(2);
        assertThat(refusals("forbidden") - forbidden).isGreaterThanOrEqualTo(2);
        assertThat(refusals("firewall") - firewall).isGreaterThanOrEqualTo(2 + 8 * 3);
    }

    @Test
    void keysAreListedWithoutTheirValueAndARevokedOrRotatedKeyAnswers401AtOnce() throws Exception {
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("keys"));
        UUID tenantId = tenant.id();
        Api owner = tenant.api();
        Api viewer = Scenarios.user(admin, tenantId, "VIEWER");
        Api stranger = Scenarios.tenant(admin, aTenant().named("keys")).api();

        Api.Answer made = owner.post("/api/v1/keys", Map.of("name", "ci"));
        assertThat(made.status()).as(made.raw()).isEqualTo(201);
        String ci = made.text("apiKey");
        UUID ciId = made.id();
        Api ciCaller = admin.as(ci);
        assertThat(ciCaller.get("/api/v1/projects").status()).isEqualTo(200);
        Api.Answer listed = owner.get("/api/v1/keys");
        assertThat(listed.raw()).contains(ciId.toString(), made.text("prefix")).doesNotContain(ci);
        assertThat(viewer.get("/api/v1/keys").body())
                .as("a VIEWER sees only their own keys")
                .hasSize(1);

        // nobody outside the tenant, and no VIEWER, revokes or rotates the ADMIN's key
        assertThat(stranger.delete("/api/v1/keys/" + ciId).status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/keys/" + ciId + "/rotate", Map.of()).status())
                .isEqualTo(404);
        assertThat(viewer.delete("/api/v1/keys/" + ciId).status()).isEqualTo(404);
        assertThat(ciCaller.get("/api/v1/projects").status()).isEqualTo(200);

        Api.Answer rotated = owner.post("/api/v1/keys/" + ciId + "/rotate", Map.of());
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(201);
        Api fresh = admin.as(rotated.text("apiKey"));
        assertThat(ciCaller.get("/api/v1/projects").status())
                .as("the rotated key, at once")
                .isEqualTo(401);
        assertThat(fresh.get("/api/v1/projects").status()).isEqualTo(200);
        assertThat(owner.post("/api/v1/keys/" + ciId + "/rotate", Map.of()).status())
                .as("a revoked key cannot be rotated")
                .isEqualTo(409);

        assertThat(owner.delete("/api/v1/keys/" + rotated.id()).status()).isEqualTo(204);
        Api.Answer revoked = fresh.get("/api/v1/projects");
        assertThat(revoked.status()).as("the revoked key, at once").isEqualTo(401);
        assertThat(revoked.text("code")).isEqualTo("unauthenticated");

        // an operator revokes any tenant's key; the change is in the audit log with who made it
        assertThat(admin.delete("/api/v1/admin/keys/"
                                + viewer.get("/api/v1/keys")
                                        .body()
                                        .get(0)
                                        .get("id")
                                        .asString())
                        .status())
                .isEqualTo(204);
        assertThat(viewer.get("/api/v1/projects").status()).isEqualTo(401);
        JsonNode audit = owner.get("/api/v1/audit?limit=50").body();
        assertThat(audit.toString())
                .contains("POST /api/v1/keys/{id}/rotate", "DELETE /api/v1/keys/{id}", "POST /api/v1/keys");
        JsonNode operatorAudit = admin.get("/api/v1/admin/audit?limit=200").body();
        assertThat(operatorAudit.toString()).contains("DELETE /api/v1/admin/keys/{id}", "POST /api/v1/admin/tenants");
    }

    @Test
    void aChangedAdminKeyReplacesTheBootstrapKeyAPlaceholderRefusesToStartAndMetricsCanBeClosed() throws Exception {
        Farm own = Farm.withControlPlane(0, Map.of("gantry.security.open-metrics", "false"));
        try {
            Api first = new Api(own.baseUrl(), own.adminKey);
            assertThat(first.get("/api/v1/admin/queue").status()).isEqualTo(200);

            // metrics closed by configuration: health stays open for probes, the rest asks for an operator
            Api management = new Api(own.managementUrl(), null);
            assertThat(management.getText("/actuator/health").status()).isEqualTo(200);
            assertThat(management.getText("/actuator/prometheus").status()).isEqualTo(401);
            assertThat(management
                            .as(own.adminKey)
                            .getText("/actuator/prometheus")
                            .status())
                    .isEqualTo(200);
            assertThat(new Api(own.baseUrl(), null)
                            .getText("/actuator/prometheus")
                            .status())
                    .as("no actuator on the API port")
                    .isIn(401, 403, 404);

            String replacement = "gk_" + UUID.randomUUID().toString().replace("-", "");
            try (var second = own.startControlPlane(Map.of("gantry.security.admin-key", replacement))) {
                Api secondPlane = new Api(
                        "http://127.0.0.1" + ":" + second.getEnvironment().getProperty("local.server.port"),
                        replacement);
                assertThat(secondPlane.get("/api/v1/admin/queue").status()).isEqualTo(200);
                assertThat(first.get("/api/v1/admin/queue").status())
                        .as("the previous bootstrap key")
                        .isEqualTo(401);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> own.startControlPlane(
                            Map.of("gantry.security.admin-key", "gk_change_me_compose_admin_key")))
                    .hasStackTraceContaining("placeholder");
        } finally {
            own.close();
        }
    }

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
                                        aCase("ping").get("/ping").build())
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

        // just past the limit: a streamed body is cut off at the limit and answered 413, the one
        // refusal after which the connection is closed while the client may still be sending
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

    /** Every character that changes in some encoding: + / = & % a space and a quote. */
    static final String AWKWARD_SECRET = "p+ss/w=rd&k%2 x\"y";

    /** A target that answers what it was sent, as debugging endpoints of real systems do. */
    static HttpServer echoTarget() {
        return TestTargets.start("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> seen = new java.util.LinkedHashMap<>();
            seen.put(
                    "uri",
                    exchange.getRequestURI().getRawPath() + "?"
                            + exchange.getRequestURI().getRawQuery());
            seen.put("decodedUri", exchange.getRequestURI().toString());
            exchange.getRequestHeaders()
                    .forEach((name, values) -> seen.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            seen.put("body", body);
            seen.put("formEncoded", java.net.URLEncoder.encode(body, StandardCharsets.UTF_8));
            String json = Api.JSON.writeValueAsString(seen);
            if (exchange.getRequestURI().getPath().equals("/as")) {
                TestTargets.json(exchange, 200, "\"" + "a".repeat(40) + "!\"");
            } else {
                // and once more as serializers that escape the solidus write it
                TestTargets.json(exchange, 200, "{\"plain\":" + json + ",\"php\":" + json.replace("/", "\\/") + "}");
            }
        });
    }

    static List<String> encodingsOf(String secret) {
        String form = java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String json = Api.JSON.writeValueAsString(secret);
        json = json.substring(1, json.length() - 1);
        return List.of(
                secret,
                form,
                form.replace("+", "%20"),
                form.toLowerCase(Locale.ROOT),
                json,
                json.replace("/", "\\/"),
                java.util.Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                java.util.Base64.getEncoder().encodeToString(("robot:" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSecretIsRedactedInQueryFormBodyBasicAuthAndEveryEchoOfIt() throws Exception {
        HttpServer echo = echoTarget();
        try {
            Scenarios.Workspace ws = Scenarios.workspace(admin, Scenarios.baseUrlOf(echo));
            Map<String, Object> basic = Map.of("type", "basic", "username", "robot", "password", "{{pw}}");
            Map<String, Object> queryKey = Map.of("type", "apiKeyQuery", "name", "key", "value", "{{pw}}");
            List<UUID> environments = new java.util.ArrayList<>();
            for (Map<String, Object> auth : List.of(basic, queryKey)) {
                Api.Answer environment = admin.post(
                        "/api/v1/projects/" + ws.project() + "/environments",
                        Map.of(
                                "name",
                                "echo-" + auth.get("type"),
                                "baseUrl",
                                Scenarios.baseUrlOf(echo),
                                "secrets",
                                Map.of("pw", AWKWARD_SECRET),
                                "auth",
                                auth));
                assertThat(environment.status()).as(environment.raw()).isEqualTo(201);
                environments.add(environment.id());
            }
            // the secret in the query, in a form body and (by the auth) in Basic credentials or the query;
            // the echo shows it back in every encoding; an expectation quotes it in a failure
            assertThat(admin.post(
                                    "/api/v1/suites/" + ws.suite() + "/cases",
                                    aCase("form")
                                            .request("POST", "/echo")
                                            .query("also", "{{pw}}")
                                            .body("FORM", "user=robot&password={{pw}}")
                                            .expectStatus(200)
                                            .expectJson("$.plain.body", "equals", "password={{pw}}")
                                            .build())
                            .status())
                    .isEqualTo(201);
            for (UUID environment : environments) {
                UUID run = admin.post("/api/v1/suites/" + ws.suite() + "/runs", Map.of("environmentId", environment))
                        .id("runId");
                JsonNode finished = admin.waitForEnd(run, Duration.ofMinutes(1));
                assertThat(finished.get("status").asString())
                        .as(finished.toString())
                        .isEqualTo("FAILED");

                Api.Answer steps = admin.get("/api/v1/runs/" + run + "/steps");
                assertThat(steps.raw()).contains("[REDACTED]").contains("password=[REDACTED]");
                List<String> shown = new java.util.ArrayList<>(List.of(steps.raw()));
                for (String format : List.of("junit", "json", "csv", "html")) {
                    Api.Answer report = admin.getText("/api/v1/runs/" + run + "/reports/" + format);
                    assertThat(report.status()).isEqualTo(200);
                    shown.add(report.raw());
                }
                for (String text : shown) {
                    for (String encoded : encodingsOf(AWKWARD_SECRET)) {
                        assertThat(text).as("the secret written as %s", encoded).doesNotContain(encoded);
                    }
                }
            }
        } finally {
            echo.stop(0);
        }
    }

    @Test
    void aCatastrophicRegularExpressionIsStoppedAndTheRunEnds() throws Exception {
        HttpServer echo = echoTarget();
        try {
            Scenarios.Workspace ws = Scenarios.workspace(admin, Scenarios.baseUrlOf(echo));
            // nested quantifiers on forty a's and a '!': days of backtracking without a bound
            String catastrophic = "((a+)+)+b";
            assertThat(admin.post(
                                    "/api/v1/suites/" + ws.suite() + "/cases",
                                    aCase("backtracks")
                                            .get("/as")
                                            .expectStatus(200)
                                            .expectJson("$", "matches", catastrophic)
                                            .extract("x", "regex", catastrophic)
                                            .build())
                            .status())
                    .isEqualTo(201);
            long started = System.nanoTime();
            UUID run = admin.post("/api/v1/suites/" + ws.suite() + "/runs", Map.of("environmentId", ws.environment()))
                    .id("runId");
            JsonNode finished = admin.waitForEnd(run, Duration.ofMinutes(1));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
            assertThat(finished.get("status").asString())
                    .as(finished.toString())
                    .isEqualTo("FAILED");
            JsonNode step = admin.get("/api/v1/runs/" + run + "/steps")
                    .body()
                    .get("items")
                    .get(0);
            assertThat(step.get("failures").findValuesAsString("actual"))
                    .hasSize(2)
                    .allSatisfy(actual -> assertThat(actual)
                            .contains("was stopped after 500 ms")
                            .contains("gantry.worker.regex-time-limit"));
        } finally {
            echo.stop(0);
        }
    }

    // --- targets ------------------------------------------------------------------------------

    /** Whole case URLs no target may have: metadata in every disguise, and the farm's own services. */
    static final List<String> REFUSED_TARGETS = List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://169.254.169.254/{{path}}", // a template after a literal host hides nothing
            "http://[::ffff:169.254.169.254]/latest",
            "http://[64:ff9b::a9fe:a9fe]/latest",
            "http://[2002:a9fe:a9fe::1]/latest",
            "http://[fe80::1%25eth0]/latest",
            "http://2852039166/latest",
            "http://0xa9fea9fe/latest",
            "http://0251.0376.0251.0376/latest",
            "http://169.254.43518/latest",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://127.0.0.1:6379/",
            "http://localhost:5432/",
            "https://127.0.0.1:15672/api/users");

    static void assertTargetRefused(Api.Answer answer, String field, String url) {
        assertThat(answer.status()).as(url + ": " + answer.raw()).isEqualTo(400);
        assertThat(answer.body().get("errors").findValuesAsString("field"))
                .as(url)
                .containsExactly(field);
        assertThat(answer.body().get("errors").findValuesAsString("message").getFirst())
                .as(url)
                .containsAnyOf("link-local", "metadata", "farm's own services");
    }

    @Test
    void aRefusedTargetIsRefusedWhenACaseOrAnEnvironmentIsSavedAndNothingChanges() throws Exception {
        HttpServer target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{}"));
        try {
            Scenarios.Workspace ws = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
            Api.Answer kept = admin.post(
                    "/api/v1/suites/" + ws.suite() + "/cases",
                    aCase("kept").get("/ping").build());
            assertThat(kept.status()).as(kept.raw()).isEqualTo(201);
            String casesBefore =
                    admin.get("/api/v1/suites/" + ws.suite() + "/cases").raw();
            String environmentBefore =
                    admin.get("/api/v1/environments/" + ws.environment()).raw();
            double refusedBefore = refusals("target-refused");

            for (String url : REFUSED_TARGETS) {
                assertTargetRefused(
                        admin.post(
                                "/api/v1/suites/" + ws.suite() + "/cases",
                                aCase("to " + url).get(url).build()),
                        "request.path",
                        url);
                assertTargetRefused(
                        admin.put(
                                "/api/v1/cases/" + kept.id(),
                                aCase("kept").get(url).build()),
                        "request.path",
                        url);
                assertTargetRefused(
                        admin.put(
                                "/api/v1/environments/" + ws.environment(),
                                Map.of("name", "target", "baseUrl", url.replace("{{path}}", ""))),
                        "baseUrl",
                        url);
            }
            assertThat(admin.get("/api/v1/suites/" + ws.suite() + "/cases").raw())
                    .isEqualTo(casesBefore);
            assertThat(admin.get("/api/v1/environments/" + ws.environment()).raw())
                    .isEqualTo(environmentBefore);
            assertThat(refusals("target-refused") - refusedBefore).isEqualTo(3.0 * REFUSED_TARGETS.size());

            // a Postman collection naming such URLs: imported against the environment's base URL,
            // their hosts left out and named, so no case of the suite points there
            List<Map<String, Object>> items = REFUSED_TARGETS.stream()
                    .map(url ->
                            Map.<String, Object>of("name", "to " + url, "request", Map.of("method", "GET", "url", url)))
                    .toList();
            String collection = Api.JSON.writeValueAsString(Map.of(
                    "info",
                    Map.of(
                            "name",
                            "hostile",
                            "schema",
                            "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"),
                    "item",
                    items));
            Api.Answer imported = admin.send("POST", "/api/v1/suites/" + ws.suite() + "/import/postman", collection);
            assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
            assertThat(imported.body().get("unmapped").findValuesAsString("reason"))
                    .hasSize(REFUSED_TARGETS.size())
                    .allSatisfy(reason -> assertThat(reason).isEqualTo("the environment's base URL is used instead"));
            JsonNode cases =
                    admin.get("/api/v1/suites/" + ws.suite() + "/cases").body();
            assertThat(cases.findValuesAsString("path"))
                    .hasSize(REFUSED_TARGETS.size() + 1)
                    .allSatisfy(path -> assertThat(path).startsWith("/").doesNotContain("://"));
        } finally {
            target.stop(0);
        }
    }

    @Test
    void aServicePortReachedThroughATemplateOrARedirectIsRefusedByTheWorker() throws Exception {
        // the target sends every request to Redis
        HttpServer target = TestTargets.start("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:6379/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        try {
            Scenarios.Workspace ws = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
            Api.Answer environment = admin.post(
                    "/api/v1/projects/" + ws.project() + "/environments",
                    Map.of(
                            "name",
                            "redirecting",
                            "baseUrl",
                            Scenarios.baseUrlOf(target),
                            "variables",
                            Map.of("host", "127.0.0.1"),
                            "followRedirects",
                            true));
            assertThat(environment.status()).as(environment.raw()).isEqualTo(201);
            // the host is a template: known only when the run renders it
            assertThat(admin.post(
                                    "/api/v1/suites/" + ws.suite() + "/cases",
                                    aCase("templated")
                                            .get("http://{{host}}:5432/")
                                            .build())
                            .status())
                    .isEqualTo(201);
            assertThat(admin.post(
                                    "/api/v1/suites/" + ws.suite() + "/cases",
                                    aCase("redirected").get("/anything").build())
                            .status())
                    .isEqualTo(201);
            UUID run = admin.post("/api/v1/suites/" + ws.suite() + "/runs", Map.of("environmentId", environment.id()))
                    .id("runId");
            JsonNode finished = admin.waitForEnd(run, Duration.ofMinutes(1));
            assertThat(finished.get("totals").get("errored").asLong())
                    .as(finished.toString())
                    .isEqualTo(2);
            JsonNode steps = admin.get("/api/v1/runs/" + run + "/steps").body().get("items");
            assertThat(steps.findValuesAsString("error"))
                    .hasSize(2)
                    .anySatisfy(error -> assertThat(error).contains("port 5432 is one of the farm's own services"))
                    .anySatisfy(error -> assertThat(error).contains("port 6379 is one of the farm's own services"));
            assertThat(steps.findValues("responseStatus"))
                    .allSatisfy(status -> assertThat(status.isNull()).isTrue());
        } finally {
            target.stop(0);
        }
    }
}
