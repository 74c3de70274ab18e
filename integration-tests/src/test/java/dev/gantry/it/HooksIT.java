package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.Waiting.throughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * CI webhooks as a CI system calls them: signed deliveries start runs, retried deliveries answer
 * the same run, bad signatures and old timestamps are refused, GitHub-style payloads name commit
 * and branch, a newer push cancels the older unfinished run of its branch, a deadline cancels a
 * run, and the callback URL gets the summary, retried after a failure.
 */
class HooksIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Farm farm;
    static Api api;
    static HttpServer target;
    static HttpServer receiver;
    static final List<String> callbacks = new CopyOnWriteArrayList<>();
    static final List<String> callbackSignatures = new CopyOnWriteArrayList<>();
    static final AtomicInteger callbackCalls = new AtomicInteger();
    static UUID hook;
    static String secret;
    static UUID quickSuite;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        api = new Api(farm.baseUrl(), farm.adminKey);
        target = TestTargets.start("/", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/slow")) {
                TargetPace.pause(Duration.ofSeconds(4));
            }
            TestTargets.json(exchange, 200, "{}");
        });
        // the CI system's callback endpoint: fails the first call, accepts the next
        receiver = TestTargets.start("/cb", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            callbackSignatures.add(exchange.getRequestHeaders().getFirst("X-Gantry-Timestamp") + "|"
                    + exchange.getRequestHeaders().getFirst("X-Gantry-Signature") + "|"
                    + exchange.getRequestHeaders().getFirst("X-Gantry-Delivery") + "|" + (query == null ? "" : query)
                    + "|" + body);
            if (callbackCalls.incrementAndGet() == 1) {
                TestTargets.json(exchange, 503, "{}");
            } else {
                callbacks.add(body);
                TestTargets.json(exchange, 200, "{}");
            }
        });
        UUID project = api.post("/api/v1/projects", Map.of("name", "hooks-" + UUID.randomUUID()))
                .id();
        api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of(
                        "name",
                        "staging",
                        "baseUrl",
                        "http://127.0.0.1:" + target.getAddress().getPort()));
        quickSuite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "smoke"))
                .id();
        api.post(
                "/api/v1/suites/" + quickSuite + "/cases",
                aCase("ping").get("/ping").expectStatus(200).build());
        UUID slow = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "slow"))
                .id();
        api.post(
                "/api/v1/suites/" + slow + "/cases",
                aCase("wait").get("/slow/{{n}}").build());
        api.post(
                "/api/v1/suites/" + slow + "/data-sets",
                Map.of("name", "n", "rows", List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3))));

        Api.Answer created = api.post("/api/v1/projects/" + project + "/hooks", Map.of("name", "ci"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        hook = created.id();
        secret = created.text("secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(created.text("url")).isEqualTo("/api/v1/hooks/ci/" + hook);
        // the secret is shown once
        assertThat(api.get("/api/v1/projects/" + project + "/hooks").raw()).doesNotContain(secret);
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aSignedDeliveryStartsOneRunAndItsRetryAnswersTheSameRun() throws Exception {
        String body =
                """
                {"suite": "smoke", "environment": "staging", "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                 "branch": "main", "callbackUrl": "http://127.0.0.1:%d/cb?build=7"}
                """
                        .formatted(receiver.getAddress().getPort());
        HttpResponse<String> first = deliver(body, "delivery-1", now(), secret);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode accepted = Api.JSON.readTree(first.body());
        UUID run = UUID.fromString(accepted.get("runId").asString());
        assertThat(accepted.get("duplicate").asBoolean()).isFalse();
        assertThat(accepted.get("statusUrl").asString()).isEqualTo("/api/v1/runs/" + run);
        assertThat(accepted.get("reportUrls").get("junit").asString())
                .isEqualTo("/api/v1/runs/" + run + "/reports/junit");

        // the CI system retries (it did not see our answer): same run, no second one
        HttpResponse<String> retried = deliver(body, "delivery-1", now(), secret);
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(Api.JSON.readTree(retried.body()).get("runId").asString()).isEqualTo(run.toString());
        assertThat(Api.JSON.readTree(retried.body()).get("duplicate").asBoolean())
                .isTrue();

        JsonNode finished = api.get("/api/v1/runs/" + run + "?wait=25s").body();
        assertThat(finished.get("status").asString()).isEqualTo("PASSED");
        assertThat(finished.get("trigger").asString()).isEqualTo("CI");
        assertThat(api.get("/api/v1/suites/" + quickSuite + "/runs").body().size())
                .isEqualTo(1);
        assertThat(api.getText("/api/v1/runs/" + run + "/reports/junit").raw())
                .contains("name=\"gantry.commit\" value=\"9fceb02d0ae598e95dc970b74767f19372d61af8\"")
                .contains("name=\"gantry.branch\" value=\"main\"");

        // the callback: the first call failed (503), the retry delivered the summary, signed
        await("the run's summary delivered to the callback URL")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !callbacks.isEmpty());
        JsonNode summary = Api.JSON.readTree(callbacks.getFirst());
        assertThat(summary.get("runId").asString()).isEqualTo(run.toString());
        assertThat(summary.get("status").asString()).isEqualTo("PASSED");
        assertThat(summary.get("commit").asString()).startsWith("9fceb02");
        assertThat(callbackCalls.get()).isEqualTo(2);
        // signed like a delivery: timestamp, the delivery id, the callback URL's query, the body
        String[] signed = callbackSignatures.getLast().split("\\|", 5);
        assertThat(signed[2]).isEqualTo("delivery-1");
        assertThat(signed[3]).isEqualTo("build=7");
        assertThat(signed[1]).isEqualTo(sign(secret, signed[0], signed[2], signed[3], signed[4]));
        throughout("a delivered callback is not sent again", Duration.ofMillis(1_500))
                .untilAsserted(() -> assertThat(callbackCalls.get()).isEqualTo(2));
    }

    @Test
    void badSignaturesOldTimestampsAndMissingDeliveryIdsAreRefused() throws Exception {
        String body = "{\"suite\": \"smoke\", \"environment\": \"staging\"}";
        HttpResponse<String> wrongKey = deliver(body, "d-bad", now(), "not-the-secret-at-all");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(Api.JSON.readTree(wrongKey.body()).get("code").asString()).isEqualTo("bad-signature");

        // signed over another body than the one sent
        String timestamp = now();
        HttpResponse<String> tampered = send(
                hook,
                body.replace("smoke", "slow"),
                Map.of(
                        "X-Gantry-Timestamp",
                        timestamp,
                        "X-Gantry-Signature",
                        sign(secret, timestamp, "d-tampered", "", body),
                        "X-Gantry-Delivery",
                        "d-tampered"));
        assertThat(tampered.statusCode()).isEqualTo(401);

        HttpResponse<String> unsigned = send(hook, body, Map.of("X-Gantry-Delivery", "d-unsigned"));
        assertThat(unsigned.statusCode()).isEqualTo(401);

        String old = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());
        HttpResponse<String> replayed = deliver(body, "d-old", old, secret);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(Api.JSON.readTree(replayed.body()).get("code").asString()).isEqualTo("stale-timestamp");

        String noDelivery = now();
        HttpResponse<String> missing = send(
                hook,
                body,
                Map.of("X-Gantry-Timestamp", noDelivery, "X-Gantry-Signature", sign(secret, noDelivery, "", "", body)));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(field(missing)).isEqualTo("deliveryId");

        // the id may be the body's deliveryId field (signed with the body; the id line is empty) ...
        String inBody = "{\"suite\": \"nope\", \"environment\": \"staging\", \"deliveryId\": \"d-in-body\"}";
        String t = now();
        HttpResponse<String> bodyId = send(
                hook, inBody, Map.of("X-Gantry-Timestamp", t, "X-Gantry-Signature", sign(secret, t, "", "", inBody)));
        assertThat(bodyId.statusCode()).as(bodyId.body()).isEqualTo(400);
        assertThat(field(bodyId)).as("past the signature, to the unknown suite").isEqualTo("suite");
        // ... and a delivery header added to it afterwards breaks the signature
        HttpResponse<String> added = send(
                hook,
                inBody,
                Map.of(
                        "X-Gantry-Timestamp",
                        t,
                        "X-Gantry-Signature",
                        sign(secret, t, "", "", inBody),
                        "X-Gantry-Delivery",
                        "d-added"));
        assertThat(added.statusCode()).isEqualTo(401);

        HttpResponse<String> unknownSuite =
                deliver("{\"suite\": \"nope\", \"environment\": \"staging\"}", "d-nope", now(), secret);
        assertThat(unknownSuite.statusCode()).isEqualTo(400);
        assertThat(field(unknownSuite)).isEqualTo("suite");

        HttpResponse<String> badCallback = deliver(
                "{\"suite\": \"smoke\", \"environment\": \"staging\", \"callbackUrl\": \"file:///etc/passwd\"}",
                "d-file",
                now(),
                secret);
        assertThat(badCallback.statusCode()).isEqualTo(400);
        assertThat(field(badCallback)).isEqualTo("callbackUrl");

        assertThat(send(UUID.randomUUID(), body, Map.of()).statusCode()).isEqualTo(404);
        // none of these started a run (the smoke suite's only runs are the other test's)
        assertThat(api.get("/api/v1/suites/" + quickSuite + "/runs").body().size())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void gitHubPushesNameCommitAndBranchAndANewerPushCancelsTheOlderRun() throws Exception {
        String push =
                """
                {"ref": "refs/heads/feature-x", "after": "%s", "head_commit": {"id": "%s"}}
                """;
        String firstSha = "1111111111111111111111111111111111111111";
        HttpResponse<String> first = sendGitHub(push.formatted(firstSha, firstSha), "gh-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        UUID older =
                UUID.fromString(Api.JSON.readTree(first.body()).get("runId").asString());
        JsonNode olderRun = api.get("/api/v1/runs/" + older + "/reports/json").body();
        assertThat(olderRun.get("run").get("branch").asString()).isEqualTo("feature-x");
        assertThat(olderRun.get("run").get("commitSha").asString()).isEqualTo(firstSha);

        String secondSha = "2222222222222222222222222222222222222222";
        String newer =
                """
                {"suite": "slow", "environment": "staging", "branch": "feature-x", "commit": "%s",
                 "cancelSuperseded": true}
                """
                        .formatted(secondSha);
        HttpResponse<String> second = deliver(newer, "gh-2", now(), secret);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
        UUID newerRun =
                UUID.fromString(Api.JSON.readTree(second.body()).get("runId").asString());

        JsonNode cancelled = api.get("/api/v1/runs/" + older).body();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("error").asString()).contains("superseded by run " + newerRun);
        assertThat(api.get("/api/v1/runs/" + newerRun + "?wait=25s")
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("PASSED");
    }

    @Test
    void aRunPastItsDeadlineIsCancelled() throws Exception {
        HttpResponse<String> accepted = deliver(
                "{\"suite\": \"slow\", \"environment\": \"staging\", \"deadlineSeconds\": 1}",
                "deadline-1",
                now(),
                secret);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        UUID run =
                UUID.fromString(Api.JSON.readTree(accepted.body()).get("runId").asString());
        long start = System.nanoTime();
        JsonNode ended = api.get("/api/v1/runs/" + run + "?wait=20s").body();
        assertThat(ended.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(ended.get("error").asString()).contains("deadline");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));

        HttpResponse<String> tooLong = deliver(
                "{\"suite\": \"slow\", \"environment\": \"staging\", \"deadlineSeconds\": 0}",
                "deadline-0",
                now(),
                secret);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(field(tooLong)).isEqualTo("deadlineSeconds");
    }

    private static HttpResponse<String> sendGitHub(String body, String deliveryId) throws Exception {
        String timestamp = now();
        return send(
                hook,
                body,
                "?suite=slow&environment=staging",
                Map.of(
                        "X-Gantry-Timestamp",
                        timestamp,
                        "X-Gantry-Signature",
                        sign(secret, timestamp, deliveryId, "suite=slow&environment=staging", body),
                        "X-GitHub-Delivery",
                        deliveryId,
                        "X-GitHub-Event",
                        "push"));
    }

    private static HttpResponse<String> deliver(String body, String deliveryId, String timestamp, String key)
            throws Exception {
        return send(
                hook,
                body,
                Map.of(
                        "X-Gantry-Timestamp", timestamp,
                        "X-Gantry-Signature", sign(key, timestamp, deliveryId, "", body),
                        "X-Gantry-Delivery", deliveryId));
    }

    private static HttpResponse<String> send(UUID hookId, String body, Map<String, String> headers) throws Exception {
        return send(hookId, body, "", headers);
    }

    /** As a CI system sends it: no API key, only the signature. */
    private static HttpResponse<String> send(UUID hookId, String body, String query, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(farm.baseUrl() + "/api/v1/hooks/ci/" + hookId + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> answer) {
        return Api.JSON
                .readTree(answer.body())
                .get("errors")
                .get(0)
                .get("field")
                .asString();
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /**
     * The documented scheme, written independently of the control plane's code: HMAC-SHA256 of
     * timestamp, delivery id and query string, a line each, then the body.
     */
    static String sign(String key, String timestamp, String deliveryId, String query, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String text = timestamp + "\n" + deliveryId + "\n" + query + "\n" + body;
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
