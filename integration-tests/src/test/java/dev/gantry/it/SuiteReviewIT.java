package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A suite is DRAFT, READY or ARCHIVED; a DRAFT suite is READY once a person approved the version it is
 * at. Schedules and CI hooks run READY suites only unless their owner says otherwise; a person runs a
 * DRAFT suite; nobody runs or changes an ARCHIVED one.
 */
class SuiteReviewIT {
    static final SettableClock clock = SettableClock.startingAt(
            Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(500));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Farm farm;
    static HttpServer target;
    static Api api;
    static Api reviewer;
    static String reviewerEmail;
    static UUID reviewerId;
    static UUID project;
    static UUID environment;

    @BeforeAll
    static void setUp() {
        farm = Farm.withClock(1, clock);
        target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{}"));
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("review"));
        api = tenant.api();
        reviewerEmail = "reviewer-" + UUID.randomUUID() + "@it.test";
        Api.Answer user = operator.post(
                "/api/v1/admin/tenants/" + tenant.id() + "/users",
                Map.of("email", reviewerEmail, "name", "Rita Reviewer", "role", "TESTER"));
        assertThat(user.status()).as(user.raw()).isEqualTo(201);
        reviewer = operator.as(user.text("apiKey"));
        reviewerId = user.id("userId");
        project = api.post("/api/v1/projects", Map.of("name", "review")).id();
        environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of("name", "t", "baseUrl", Scenarios.baseUrlOf(target)))
                .id();
    }

    @AfterAll
    static void tearDown() {
        Farm.closeAll(farm, target);
    }

    private static UUID suite(String name, String status) {
        Map<String, Object> body = status == null ? Map.of("name", name) : Map.of("name", name, "status", status);
        Api.Answer created = api.post("/api/v1/projects/" + project + "/suites", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        UUID suite = created.id();
        Api.Answer kase = api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("ping").get("/ping").build());
        assertThat(kase.status()).as(kase.raw()).isEqualTo(201);
        return suite;
    }

    private static Api.Answer patch(UUID suite, String status) {
        return api.send("PATCH", "/api/v1/suites/" + suite, "{\"status\": \"" + status + "\"}");
    }

    private static String field(Api.Answer answer) {
        return answer.body().get("errors").get(0).get("field").asString();
    }

    @Test
    void aSuiteCreatedWithoutAStatusIsReadyWithNoReview() {
        UUID suite = suite("plain", null);
        JsonNode shown = api.get("/api/v1/suites/" + suite).body();
        assertThat(shown.get("status").asString()).isEqualTo("READY");
        assertThat(shown.get("review").isNull()).isTrue();
    }

    @Test
    void aDraftIsReadyOnceAPersonApprovedTheVersionItIsAt() {
        UUID suite = suite("drafted", "DRAFT");
        JsonNode draft = api.get("/api/v1/suites/" + suite).body();
        assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
        assertThat(draft.get("review").get("status").asString()).isEqualTo("PENDING");
        assertThat(draft.get("version").asInt()).isEqualTo(2); // created, then a case added

        Api.Answer early = patch(suite, "READY");
        assertThat(early.status()).as(early.raw()).isEqualTo(409);
        assertThat(field(early)).isEqualTo("status");
        assertThat(early.raw()).contains("its review is PENDING");

        Api.Answer noNote = reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "REJECTED"));
        assertThat(noNote.status()).as(noNote.raw()).isEqualTo(400);
        assertThat(field(noNote)).isEqualTo("note");

        Api.Answer rejected = reviewer.post(
                "/api/v1/suites/" + suite + "/review", Map.of("decision", "rejected", "note", "ping checks nothing"));
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
        JsonNode review = rejected.body().get("review");
        assertThat(review.get("status").asString()).isEqualTo("REJECTED");
        assertThat(review.get("note").asString()).isEqualTo("ping checks nothing");
        assertThat(review.get("reviewer").get("id").asString()).isEqualTo(reviewerId.toString());
        assertThat(review.get("reviewer").get("name").asString()).isEqualTo("Rita Reviewer");
        assertThat(review.get("reviewer").get("email").asString()).isEqualTo(reviewerEmail);
        assertThat(Instant.parse(review.get("reviewedAt").asString())).isEqualTo(clock.instant());
        assertThat(review.get("version").asInt()).isEqualTo(2);

        Api.Answer approved = reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "APPROVED"));
        assertThat(approved.body().get("review").get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.body().get("review").get("note").isNull()).isTrue();

        // changed after the approval: what was approved is no longer what would run
        api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("pong").get("/pong").build());
        Api.Answer stale = patch(suite, "READY");
        assertThat(stale.status()).as(stale.raw()).isEqualTo(409);
        assertThat(stale.raw()).contains("approved version 2").contains("at version 3");

        reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "APPROVED", "note", "both fine"));
        Api.Answer ready = patch(suite, "READY");
        assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
        assertThat(ready.body().get("status").asString()).isEqualTo("READY");
        assertThat(ready.body().get("review").get("version").asInt()).isEqualTo(3);

        Api.Answer readyReview = reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "APPROVED"));
        assertThat(readyReview.status()).isEqualTo(409);
        assertThat(field(readyReview)).isEqualTo("status");

        JsonNode reopened = patch(suite, "DRAFT").body();
        assertThat(reopened.get("status").asString()).isEqualTo("DRAFT");
        assertThat(reopened.get("review").get("status").asString()).isEqualTo("PENDING");
        assertThat(reopened.get("review").get("reviewer").isNull()).isTrue();
    }

    @Test
    void anArchivedSuiteIsNeitherRunNorChangedNorReviewed() {
        UUID suite = suite("old", null);
        String kase = api.get("/api/v1/suites/" + suite + "/cases")
                .body()
                .get(0)
                .get("id")
                .asString();
        assertThat(patch(suite, "ARCHIVED").body().get("status").asString()).isEqualTo("ARCHIVED");

        Api.Answer added = api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("new").get("/new").build());
        assertThat(added.status()).as(added.raw()).isEqualTo(409);
        assertThat(field(added)).isEqualTo("status");
        assertThat(added.raw()).contains("ARCHIVED");
        Api.Answer edited =
                api.put("/api/v1/cases/" + kase, aCase("ping").get("/other").build());
        assertThat(edited.status()).isEqualTo(409);
        Api.Answer deleted = api.delete("/api/v1/cases/" + kase);
        assertThat(deleted.status()).isEqualTo(409);
        Api.Answer settings = api.put("/api/v1/suites/" + suite, Map.of("name", "renamed"));
        assertThat(settings.status()).isEqualTo(409);
        Api.Answer run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment));
        assertThat(run.status()).as(run.raw()).isEqualTo(409);
        assertThat(field(run)).isEqualTo("status");
        Api.Answer review =
                reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "APPROVED", "note", "fine"));
        assertThat(review.status()).isEqualTo(409);
        assertThat(field(review)).isEqualTo("status");
        Api.Answer straightToReady = patch(suite, "READY");
        assertThat(straightToReady.status()).isEqualTo(409);
        assertThat(straightToReady.raw()).contains("from ARCHIVED to READY");

        assertThat(api.get("/api/v1/cases/" + kase)
                        .body()
                        .get("request")
                        .get("path")
                        .asString())
                .isEqualTo("/ping");
        assertThat(api.get("/api/v1/suites/" + suite).body().get("version").asInt())
                .as("nothing refused made a version")
                .isEqualTo(2);
        assertThat(patch(suite, "DRAFT").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/cases/" + kase, aCase("ping").get("/other").build())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPersonRunsADraftSuite() {
        UUID suite = suite("person", "DRAFT");
        Api.Answer run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment));
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        api.waitForEnd(run.id("runId"), Duration.ofSeconds(60));
    }

    @Test
    void hostileInputIsRefusedNamingTheField() {
        UUID suite = suite("hostile", "DRAFT");
        Api.Answer unknown = patch(suite, "PUBLISHED");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(field(unknown)).isEqualTo("status");
        Api.Answer missing = api.send("PATCH", "/api/v1/suites/" + suite, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(field(missing)).isEqualTo("status");
        Api.Answer decision = reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "MAYBE"));
        assertThat(decision.status()).isEqualTo(400);
        assertThat(field(decision)).isEqualTo("decision");
        Api.Answer pending = reviewer.post("/api/v1/suites/" + suite + "/review", Map.of("decision", "PENDING"));
        assertThat(pending.status()).isEqualTo(400);
        assertThat(field(pending)).isEqualTo("decision");
        Api.Answer longNote = reviewer.post(
                "/api/v1/suites/" + suite + "/review", Map.of("decision", "REJECTED", "note", "x".repeat(4001)));
        assertThat(longNote.status()).isEqualTo(400);
        assertThat(field(longNote)).isEqualTo("note");
        Api.Answer archivedAtBirth = api.post(
                "/api/v1/projects/" + project + "/suites", Map.of("name", "born-archived", "status", "ARCHIVED"));
        assertThat(archivedAtBirth.status()).isEqualTo(400);
        assertThat(field(archivedAtBirth)).isEqualTo("status");
        JsonNode still = api.get("/api/v1/suites/" + suite).body();
        assertThat(still.get("status").asString()).isEqualTo("DRAFT");
        assertThat(still.get("review").get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void aScheduleSkipsADraftSuiteSayingWhyUnlessItsOwnerAskedForUnreadySuites() {
        UUID draft = suite("scheduled-draft", "DRAFT");
        UUID scheduled = api.post(
                        "/api/v1/suites/" + draft + "/schedules",
                        Map.of("environmentId", environment, "cron", "* * * * * *"))
                .id();
        UUID eager = suite("scheduled-eager", "DRAFT");
        Api.Answer eagerSchedule = api.post(
                "/api/v1/suites/" + eager + "/schedules",
                Map.of("environmentId", environment, "cron", "* * * * * *", "runUnreadySuites", true));
        assertThat(eagerSchedule.body().get("runUnreadySuites").asBoolean()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        await("the eager schedule's run, and the other schedule's skipped firing")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> {
                    JsonNode skipped = api.get("/api/v1/schedules/" + scheduled).body();
                    assertThat(skipped.get("lastFiredAt").isNull()).isFalse();
                    assertThat(skipped.get("lastError").asString())
                            .isEqualTo("skipped: suite " + draft
                                    + " is DRAFT; it runs unattended once READY (or set runUnreadySuites)");
                    assertThat(skipped.get("lastRuns").size()).isZero();
                    assertThat(api.get("/api/v1/schedules/" + eagerSchedule.id())
                                    .body()
                                    .get("lastRuns")
                                    .size())
                            .isEqualTo(1);
                });
        api.post("/api/v1/schedules/" + scheduled + "/pause", Map.of());
        api.post("/api/v1/schedules/" + eagerSchedule.id() + "/pause", Map.of());
    }

    @Test
    void aHookDeliveryForADraftSuiteAnswersConflictUnlessTheHookRunsUnreadySuites() throws Exception {
        UUID draft = suite("hooked-draft", "DRAFT");
        UUID ready = suite("hooked-ready", null);
        Api.Answer created = api.post("/api/v1/projects/" + project + "/hooks", Map.of("name", "ci"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("runUnreadySuites").asBoolean()).isFalse();
        UUID hook = created.id();
        String secret = created.text("secret");

        HttpResponse<String> refused = deliver(hook, secret, draft, "d-1");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = Api.JSON.readTree(refused.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("suite");
        assertThat(problem.get("detail").asString())
                .isEqualTo("hooks run READY suites only: suite " + draft
                        + " is DRAFT; it runs unattended once READY (or set runUnreadySuites)");
        HttpResponse<String> readyRun = deliver(hook, secret, ready, "d-2");
        assertThat(readyRun.statusCode()).as(readyRun.body()).isEqualTo(202);

        Api.Answer changed = api.send("PATCH", "/api/v1/hooks/" + hook, "{\"runUnreadySuites\": true}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().get("runUnreadySuites").asBoolean()).isTrue();
        assertThat(changed.body().get("secret").isNull()).isTrue();
        HttpResponse<String> draftRun = deliver(hook, secret, draft, "d-3");
        assertThat(draftRun.statusCode()).as(draftRun.body()).isEqualTo(202);
        Api.Answer badChange = api.send("PATCH", "/api/v1/hooks/" + hook, "{}");
        assertThat(badChange.status()).isEqualTo(400);
        assertThat(field(badChange)).isEqualTo("runUnreadySuites");
        for (HttpResponse<String> r : java.util.List.of(readyRun, draftRun)) {
            api.waitForEnd(
                    UUID.fromString(Api.JSON.readTree(r.body()).get("runId").asString()), Duration.ofSeconds(60));
        }
    }

    private static HttpResponse<String> deliver(UUID hook, String secret, UUID suite, String deliveryId)
            throws Exception {
        String body = "{\"suiteId\": \"" + suite + "\", \"environmentId\": \"" + environment + "\"}";
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(farm.baseUrl() + "/api/v1/hooks/ci/" + hook))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Gantry-Timestamp", timestamp)
                .header("X-Gantry-Signature", HooksIT.sign(secret, timestamp, deliveryId, "", body))
                .header("X-Gantry-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
