package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.controlplane.runs.RunEnded;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Releases fed by real runs against a loopback target: each case's latest status and the run that
 * set it, a late event for an older run and a lost event made up by the catch-up; approvals
 * through every transition and the gate; the history naming who did what; the readiness report as
 * PDF pages and in headless Chromium; hostile input refused, naming the field, storing nothing.
 */
class ReleasesIT {
    static final Path OUTPUT = Path.of("target", "releases-it");

    static Farm farm;
    static HttpServer target;
    /** The status {@code /flip} answers. */
    static final AtomicInteger flipStatus = new AtomicInteger(500);

    static Api api;
    static String apiKey;
    /** A tester who neither owns nor leads the releases. */
    static Api tester;

    static Api qaLead;
    static UUID qaLeadId;
    static final String QA_LEAD_NAME = "Quinn Lead";
    static String qaLeadEmail;
    static UUID project;
    static UUID environment;
    static UUID suite;
    static UUID billing;
    static UUID ping;
    static UUID flip;
    static UUID other;
    static UUID byHand;

    @BeforeAll
    static void aProjectWithCasesInModulesAndTags() throws IOException {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> {
            int status = exchange.getRequestURI().getPath().startsWith("/flip") ? flipStatus.get() : 200;
            TestTargets.json(exchange, status, "{\"ok\":" + (status == 200) + "}");
        });
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("releases"));
        api = tenant.api();
        apiKey = tenant.apiKey();
        tester = Scenarios.user(operator, tenant.id(), "TESTER");
        qaLeadEmail = "qa.lead-" + UUID.randomUUID() + "@it.test";
        Api.Answer lead = operator.post(
                "/api/v1/admin/tenants/" + tenant.id() + "/users",
                Map.of("email", qaLeadEmail, "name", QA_LEAD_NAME, "role", "TESTER"));
        assertThat(lead.status()).as(lead.raw()).isEqualTo(201);
        qaLeadId = lead.id("userId");
        qaLead = operator.as(lead.text("apiKey"));

        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        project = workspace.project();
        environment = workspace.environment();
        suite = workspace.suite();
        billing = module("Billing", null);
        UUID invoices = module("Invoices", billing);
        Map<String, Object> pingCase =
                aCase("ping").get("/ping").expectStatus(200).build();
        pingCase.put("moduleId", invoices.toString());
        ping = created(api.post("/api/v1/suites/" + suite + "/cases", pingCase));
        flip = created(api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("flip")
                        .get("/flip")
                        .expectStatus(200)
                        .filed(List.of("smoke"), null, null)
                        .build()));
        other = created(api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("other").get("/other").expectStatus(200).build()));
        UUID manualSuite = created(api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "by hand")));
        byHand = created(api.post(
                "/api/v1/suites/" + manualSuite + "/cases",
                aCase("checkout by hand").get("/ping").build()));
        Files.createDirectories(OUTPUT);
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.stop(0);
        }
    }

    private static UUID module(String name, UUID parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parent);
        return created(api.post("/api/v1/projects/" + project + "/modules", body));
    }

    private static UUID created(Api.Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.id();
    }

    /** A release of the project in its environment, led by the QA lead, holding the picked cases. */
    private static UUID release(String version, Map<String, Object> pick) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("name", "Winter release");
        body.put("environmentId", environment);
        body.put("releaseDate", "2026-12-31");
        body.put("qaLeadId", qaLeadId);
        UUID id = created(api.post("/api/v1/projects/" + project + "/releases", body));
        Api.Answer added = api.post("/api/v1/releases/" + id + "/cases", pick);
        assertThat(added.status()).as(added.raw()).isEqualTo(200);
        return id;
    }

    private static Map<String, JsonNode> casesByName(UUID release) {
        Api.Answer answer = api.get("/api/v1/releases/" + release + "/cases");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        answer.body().forEach(c -> byName.put(c.get("name").asString(), c));
        return byName;
    }

    private static String statusAndRun(JsonNode c) {
        return c.get("status").asString() + " "
                + (c.get("runId").isNull() ? "-" : c.get("runId").asString());
    }

    private static UUID runAndWait() {
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        api.waitForEnd(run, Duration.ofSeconds(90));
        return run;
    }

    private static void awaitStatuses(UUID release, Map<String, String> expected) {
        await("the release's cases to be " + expected)
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    Map<String, String> actual = new LinkedHashMap<>();
                    casesByName(release).forEach((name, c) -> actual.put(name, statusAndRun(c)));
                    assertThat(actual).isEqualTo(expected);
                });
    }

    @Test
    void aReleaseFedByTwoRunsShowsEachCasesLatestStatusAndTheRunThatSetIt() throws Exception {
        // by module (with its sub-modules), by tag, by id; "other" is picked by none
        UUID release = release(
                "R 2.90", Map.of("moduleIds", List.of(billing), "tags", List.of("smoke"), "caseIds", List.of(byHand)));
        assertThat(casesByName(release).keySet()).containsExactlyInAnyOrder("ping", "flip", "checkout by hand");

        flipStatus.set(500);
        UUID first = runAndWait();
        awaitStatuses(
                release,
                Map.of("ping", "PASSED " + first, "flip", "FAILED " + first, "checkout by hand", "NOT_STARTED -"));

        flipStatus.set(200);
        UUID second = runAndWait();
        awaitStatuses(
                release,
                Map.of("ping", "PASSED " + second, "flip", "PASSED " + second, "checkout by hand", "NOT_STARTED -"));
        JsonNode flipped = casesByName(release).get("flip");
        assertThat(flipped.get("runUrl").asString()).isEqualTo("/api/v1/runs/" + second);
        assertThat(api.get(flipped.get("runUrl").asString()).status()).isEqualTo(200);

        // the older run's event comes late: the newer run stays
        farm.controlPlane.publishEvent(new RunEnded(first, true));
        awaitStatuses(
                release,
                Map.of("ping", "PASSED " + second, "flip", "PASSED " + second, "checkout by hand", "NOT_STARTED -"));

        // both events lost (as if the control plane had stopped): the catch-up applies the runs in order
        JdbcTemplate jdbc = farm.controlPlane.getBean(JdbcTemplate.class);
        jdbc.update(
                "update release_cases set status = 'NOT_STARTED', run_id = null, status_at = null where release_id = ?",
                release);
        Object feed = farm.controlPlane.getBean(Class.forName("dev.gantry.controlplane.releases.RunFeed"));
        Method catchUp = feed.getClass().getDeclaredMethod("catchUp");
        catchUp.setAccessible(true);
        catchUp.invoke(feed);
        awaitStatuses(
                release,
                Map.of("ping", "PASSED " + second, "flip", "PASSED " + second, "checkout by hand", "NOT_STARTED -"));

        // the history names each run that set a status, oldest first
        List<String> fromRuns = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/releases/" + release + "/history").body()) {
            if (e.get("action").asString().equals("case-status")) {
                assertThat(e.get("person").isNull()).isTrue();
                fromRuns.add(e.get("subject").asString().startsWith("TC_") + " "
                        + e.get("after").get("status").asString() + " "
                        + e.get("runId").asString());
            }
        }
        assertThat(fromRuns)
                .startsWith(
                        "true PASSED " + first,
                        "true FAILED " + first,
                        "true PASSED " + second,
                        "true PASSED " + second);

        // the dashboard counts by status and by top-level module
        JsonNode dashboard =
                api.get("/api/v1/releases/" + release + "/dashboard").body();
        assertThat(dashboard.get("total").asLong()).isEqualTo(3);
        assertThat(dashboard.get("byStatus").get("PASSED").asLong()).isEqualTo(2);
        assertThat(dashboard.get("byStatus").get("NOT_STARTED").asLong()).isEqualTo(1);
        assertThat(dashboard.get("byStatus").get("FAILED").asLong()).isZero();
        assertThat(dashboard.get("byModule").get(0).get("module").asString()).isEqualTo("Billing");
        assertThat(dashboard
                        .get("byModule")
                        .get(0)
                        .get("byStatus")
                        .get("PASSED")
                        .asLong())
                .isEqualTo(1);
        assertThat(dashboard.get("byModule").get(1).get("module").asString()).isEqualTo("(no module)");
        assertThat(dashboard.get("byModule").get(1).get("total").asLong()).isEqualTo(2);
        assertThat(dashboard.get("failures").size()).isZero();
    }

    private static Api.Answer decide(Api as, UUID release, String role, String status, String comment) {
        Map<String, Object> body = new HashMap<>();
        body.put("status", status);
        body.put("comment", comment);
        return as.put("/api/v1/releases/" + release + "/approvals/" + role, body);
    }

    private static Api.Answer setCase(Api as, UUID release, UUID kase, Map<String, Object> body) {
        return as.send("PATCH", "/api/v1/releases/" + release + "/cases/" + kase, Api.JSON.writeValueAsString(body));
    }

    private static List<String> reasonCodes(JsonNode gateOrProblem) {
        List<String> codes = new ArrayList<>();
        gateOrProblem.get("reasons").forEach(r -> codes.add(r.get("code").asString()));
        return codes;
    }

    @Test
    void approvalsGoThroughEveryTransitionAndTheGateOpensOnlyWhenEverythingHolds() {
        UUID release = release("R 3.0", Map.of("caseIds", List.of(ping, byHand)));
        String owner = api.get("/api/v1/releases/" + release)
                .body()
                .get("owner")
                .get("name")
                .asString();

        // the owner configures the gate; another tester may not
        Map<String, Object> gate = Map.of(
                "requiredRoles", List.of("QA_LEAD", "DEV_LEAD"), "noFailedOrBlocked", true, "allowNotStarted", false);
        Api.Answer notOwner = tester.put("/api/v1/releases/" + release + "/gate", gate);
        assertThat(notOwner.status()).as(notOwner.raw()).isEqualTo(403);
        assertThat(notOwner.body().get("code").asString()).isEqualTo("not-release-owner");
        Api.Answer byLead = qaLead.put("/api/v1/releases/" + release + "/gate", Map.of("requiredRoles", List.of()));
        assertThat(byLead.status()).as(byLead.raw()).isEqualTo(200); // the QA lead may
        Api.Answer set = api.put("/api/v1/releases/" + release + "/gate", gate);
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(reasonCodes(set.body())).containsExactly("unfinished-cases", "approval-missing", "approval-missing");

        assertThat(setCase(
                                qaLead,
                                release,
                                ping,
                                Map.of("status", "FAILED", "defects", List.of("CTP-1234"), "comment", "500 on retry"))
                        .status())
                .isEqualTo(200);
        assertThat(setCase(qaLead, release, byHand, Map.of("status", "BLOCKED", "durationMs", 90_000))
                        .status())
                .isEqualTo(200);
        JsonNode closed = api.get("/api/v1/releases/" + release + "/gate").body();
        assertThat(closed.get("open").asBoolean()).isFalse();
        assertThat(reasonCodes(closed))
                .containsExactly("failed-cases", "blocked-cases", "approval-missing", "approval-missing");
        assertThat(closed.get("reasons").get(0).get("message").asString()).isEqualTo("1 case is FAILED");
        Api.Answer refused = api.post("/api/v1/releases/" + release + "/ready", Map.of());
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.body().get("code").asString()).isEqualTo("gate-closed");
        assertThat(reasonCodes(refused.body()))
                .containsExactly("failed-cases", "blocked-cases", "approval-missing", "approval-missing");
        JsonNode failures =
                api.get("/api/v1/releases/" + release + "/dashboard").body().get("failures");
        assertThat(failures.get(0).get("defects").get(0).asString()).isEqualTo("CTP-1234");

        // every transition of the QA lead's approval, and the refused ones with why
        assertThat(decide(qaLead, release, "QA_LEAD", "CHANGES_REQUESTED", "fix the payment")
                        .status())
                .isEqualTo(200);
        Api.Answer direct = decide(qaLead, release, "QA_LEAD", "APPROVED", null);
        assertThat(direct.status()).as(direct.raw()).isEqualTo(409);
        assertThat(direct.body().get("detail").asString())
                .isEqualTo("QA_LEAD: a decision (CHANGES_REQUESTED) is not changed to APPROVED directly: reopen it"
                        + " (PENDING) first, then decide again");
        assertThat(direct.body().get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(decide(qaLead, release, "QA_LEAD", "PENDING", "fixed").status())
                .isEqualTo(200);
        assertThat(decide(qaLead, release, "QA_LEAD", "REJECTED", "still failing")
                        .status())
                .isEqualTo(200);
        assertThat(decide(qaLead, release, "QA_LEAD", "REJECTED", "again").status())
                .isEqualTo(409);
        assertThat(decide(qaLead, release, "QA_LEAD", "PENDING", null).status()).isEqualTo(200);
        assertThat(decide(qaLead, release, "QA_LEAD", "PENDING", null).status()).isEqualTo(409);
        Api.Answer approved = decide(qaLead, release, "QA_LEAD", "APPROVED", "good to go");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.body().get("approver").get("name").asString()).isEqualTo(QA_LEAD_NAME);
        // a role is decided by the person who holds it: the QA lead holds QA_LEAD, DEV_LEAD is assigned
        Api.Answer notTheLead = decide(tester, release, "QA_LEAD", "PENDING", "me too");
        assertThat(notTheLead.status()).as(notTheLead.raw()).isEqualTo(403);
        assertThat(notTheLead.body().get("code").asString()).isEqualTo("not-approver");
        assertThat(notTheLead.body().get("detail").asString())
                .isEqualTo("QA_LEAD of this release is " + QA_LEAD_NAME + "'s to decide");
        JsonNode testerPerson = tester.get("/api/v1/users/me").body();
        String testerId = testerPerson.get("id").asString();
        String testerName = testerPerson.get("name").asString();
        String approvers = "/api/v1/releases/" + release + "/approvers";
        assertThat(tester.put(approvers, Map.of("DEV_LEAD", testerId)).status()).isEqualTo(403);
        Api.Answer unknownRole = api.put(approvers, Map.of("CEO", testerId));
        assertThat(unknownRole.status()).as(unknownRole.raw()).isEqualTo(400);
        assertThat(unknownRole.body().get("errors").get(0).get("field").asString())
                .isEqualTo("approvers");
        Api.Answer stranger =
                api.put(approvers, Map.of("DEV_LEAD", UUID.randomUUID().toString()));
        assertThat(stranger.status()).as(stranger.raw()).isEqualTo(400);
        assertThat(stranger.body().get("errors").get(0).get("field").asString()).isEqualTo("approvers.DEV_LEAD");
        Api.Answer assigned = api.put(approvers, Map.of("DEV_LEAD", testerId));
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        assertThat(assigned.body()
                        .valueStream()
                        .filter(a -> a.get("holder").isObject())
                        .map(a -> a.get("role").asString() + " "
                                + a.get("holder").get("name").asString()))
                .containsExactly("QA_LEAD " + QA_LEAD_NAME, "DEV_LEAD " + testerName);
        Api.Answer ownerRefused = decide(api, release, "DEV_LEAD", "APPROVED", "merged");
        assertThat(ownerRefused.status()).as(ownerRefused.raw()).isEqualTo(403);
        assertThat(ownerRefused.body().get("role").asString()).isEqualTo("DEV_LEAD");
        assertThat(decide(tester, release, "DEV_LEAD", "APPROVED", "merged").status())
                .isEqualTo(200);

        // the cases pass: the gate opens, the release is ready
        assertThat(setCase(qaLead, release, ping, Map.of("status", "PASSED")).status())
                .isEqualTo(200);
        assertThat(setCase(qaLead, release, byHand, Map.of("status", "PASSED", "comment", "checked by hand"))
                        .status())
                .isEqualTo(200);
        JsonNode open = api.get("/api/v1/releases/" + release + "/gate").body();
        assertThat(open.get("open").asBoolean()).as(open.toString()).isTrue();
        assertThat(open.get("reasons").size()).isZero();
        Api.Answer ready = api.post("/api/v1/releases/" + release + "/ready", Map.of());
        assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
        assertThat(ready.text("status")).isEqualTo("READY_TO_SHIP");
        assertThat(api.post("/api/v1/releases/" + release + "/ready", Map.of()).status())
                .isEqualTo(409);

        // a case failing again closes the gate: the release goes back to work, saying why
        assertThat(setCase(qaLead, release, ping, Map.of("status", "FAILED")).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/releases/" + release).body().get("status").asString())
                .isEqualTo("IN_PROGRESS");

        // the history shows each step, with the person's name
        List<String> steps = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/releases/" + release + "/history").body()) {
            String who = e.get("person").get("name").asString();
            String what = e.get("action").asString();
            if (what.equals("approval")) {
                what += " " + e.get("subject").asString() + " "
                        + e.get("before").get("status").asString() + "->"
                        + e.get("after").get("status").asString();
            } else if (what.equals("case-updated")) {
                what += " " + e.get("after").path("status").asString("");
            }
            steps.add((who.equals(owner)
                            ? "owner"
                            : who.equals(QA_LEAD_NAME) ? "qa lead" : who.equals(testerName) ? "dev lead" : who)
                    + ": " + what);
        }
        assertThat(steps)
                .containsExactly(
                        "owner: created",
                        "owner: cases-added",
                        "qa lead: gate",
                        "owner: gate",
                        "qa lead: case-updated FAILED",
                        "qa lead: case-updated BLOCKED",
                        "qa lead: approval QA_LEAD PENDING->CHANGES_REQUESTED",
                        "qa lead: approval QA_LEAD CHANGES_REQUESTED->PENDING",
                        "qa lead: approval QA_LEAD PENDING->REJECTED",
                        "qa lead: approval QA_LEAD REJECTED->PENDING",
                        "qa lead: approval QA_LEAD PENDING->APPROVED",
                        "owner: approvers",
                        "dev lead: approval DEV_LEAD PENDING->APPROVED",
                        "qa lead: case-updated PASSED",
                        "qa lead: case-updated PASSED",
                        "owner: ready",
                        "qa lead: case-updated FAILED",
                        "qa lead: ready-withdrawn");
        JsonNode firstFailure =
                api.get("/api/v1/releases/" + release + "/history").body().get(4);
        assertThat(firstFailure.get("before").toString())
                .isEqualTo("{\"status\":\"NOT_STARTED\",\"comment\":null,\"defects\":[]}");
        assertThat(firstFailure.get("after").toString())
                .isEqualTo("{\"status\":\"FAILED\",\"comment\":\"500 on retry\",\"defects\":[\"CTP-1234\"]}");
    }

    @Test
    void theReadinessReportRendersAsPdfPagesAndOpensInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        String version = "R 4.10";
        UUID release = release(version, Map.of("suiteIds", List.of(suite), "caseIds", List.of(byHand)));
        assertThat(setCase(api, release, ping, Map.of("status", "PASSED")).status())
                .isEqualTo(200);
        assertThat(setCase(api, release, flip, Map.of("status", "FAILED", "defects", List.of("CTP-77")))
                        .status())
                .isEqualTo(200);
        assertThat(setCase(api, release, other, Map.of("status", "BLOCKED", "comment", "<script>alert(1)</script>"))
                        .status())
                .isEqualTo(200);

        // the PDF: every page drawn, with the release's version as text
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(farm.baseUrl() + "/api/v1/releases/" + release + "/report.pdf"))
                                .header("X-Api-Key", apiKey)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        Files.write(OUTPUT.resolve("readiness.pdf"), pdf.body());
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(1);
            PDFRenderer renderer = new PDFRenderer(document);
            for (int page = 0; page < document.getNumberOfPages(); page++) {
                BufferedImage image = renderer.renderImageWithDPI(page, 72);
                javax.imageio.ImageIO.write(
                        image,
                        "png",
                        OUTPUT.resolve("readiness-" + page + ".png").toFile());
                assertThat(inked(image))
                        .as("share of non-white pixels on page %d", page)
                        .isGreaterThan(page == 0 ? 0.01 : 0.001);
            }
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Release " + version, "CTP-77", "CLOSED");
        }
        // the check itself can fail: a blank page has no ink
        try (PDDocument blank = new PDDocument()) {
            blank.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            assertThat(inked(new PDFRenderer(blank).renderImageWithDPI(0, 72))).isZero();
        }

        // the HTML: self-contained, the status chart there, no console error in Chromium
        Api.Answer html = api.getText("/api/v1/releases/" + release + "/report.html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Security-Policy"))
                .contains("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        assertThat(html.raw())
                .contains("<table class=\"bar\"", "Release " + version, "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script")
                .doesNotContain("<link ")
                .doesNotContain("http://")
                .doesNotContain("https://");
        Path file = OUTPUT.resolve("readiness.html");
        Files.writeString(file, html.raw(), StandardCharsets.UTF_8);
        Chromium.Result opened = Chromium.open(file, OUTPUT.resolve("readiness-html.png"));
        assertThat(opened.console()).as(opened.log()).isEmpty();
        assertThat(Files.size(opened.screenshot())).as(opened.log()).isGreaterThan(10_000);
    }

    /** The share of pixels that are not (nearly) white. */
    private static double inked(BufferedImage image) {
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r < 240 || g < 240 || b < 240) {
                    inked++;
                }
            }
        }
        return (double) inked / ((long) image.getWidth() * image.getHeight());
    }

    @Test
    void hostileInputIsRefusedNamingTheFieldAndStoresNothing() {
        UUID release = release("R 5.0", Map.of("caseIds", List.of(ping)));
        int historyBefore =
                api.get("/api/v1/releases/" + release + "/history").body().size();

        assertRefused(setCase(api, release, ping, Map.of("status", "GREEN")), 400, "status");
        assertRefused(
                setCase(api, release, ping, Map.of("status", "PASSED", "comment", "x".repeat(2_001))), 400, "comment");
        assertRefused(
                setCase(api, release, ping, Map.of("status", "FAILED", "defects", List.of("CTP-1", "bug 7"))),
                400,
                "defects[1]");
        assertRefused(setCase(api, release, ping, Map.of("durationMs", -5)), 400, "durationMs");
        assertRefused(setCase(api, release, ping, Map.of("colour", "red")), 400, "colour");
        assertRefused(decide(api, release, "CEO", "APPROVED", null), 400, "role");
        assertRefused(decide(api, release, "QA_LEAD", "MAYBE", null), 400, "status");
        assertRefused(decide(api, release, "QA_LEAD", "APPROVED", "y".repeat(2_001)), 400, "comment");
        assertRefused(
                api.put(
                        "/api/v1/releases/" + release + "/gate",
                        Map.of("requiredRoles", List.of("QA_LEAD", "JANITOR"))),
                400,
                "requiredRoles[1]");
        assertRefused(api.put("/api/v1/releases/" + release + "/gate", Map.of("minPassRate", 101)), 400, "minPassRate");

        // a case of another project, at index 1 of the list, and nothing of the pick is added
        UUID otherProject = created(api.post("/api/v1/projects", Map.of("name", "elsewhere-" + UUID.randomUUID())));
        UUID otherSuite = created(api.post("/api/v1/projects/" + otherProject + "/suites", Map.of("name", "s")));
        UUID foreign = created(api.post(
                "/api/v1/suites/" + otherSuite + "/cases",
                aCase("foreign").get("/x").build()));
        assertRefused(
                api.post("/api/v1/releases/" + release + "/cases", Map.of("caseIds", List.of(flip, foreign))),
                400,
                "caseIds[1]");
        assertRefused(
                api.post("/api/v1/releases/" + release + "/cases", Map.of("suiteIds", List.of(otherSuite))),
                400,
                "suiteIds[0]");
        assertRefused(setCase(api, release, foreign, Map.of("status", "PASSED")), 404, null);
        assertRefused(
                api.post(
                        "/api/v1/projects/" + project + "/releases",
                        Map.of("version", "R 6", "environmentId", UUID.randomUUID())),
                400,
                "environmentId");
        assertRefused(
                api.post(
                        "/api/v1/projects/" + project + "/releases",
                        Map.of("version", "R 5.0", "environmentId", environment)),
                409,
                "version");
        assertRefused(
                api.post(
                        "/api/v1/projects/" + project + "/releases",
                        Map.of("version", "R 7", "environmentId", environment, "qaLeadId", UUID.randomUUID())),
                400,
                "qaLeadId");
        assertRefused(
                api.put(
                        "/api/v1/releases/" + release,
                        Map.of("version", "R 5.0", "environmentId", environment, "status", "READY_TO_SHIP")),
                409,
                "status");

        // nothing was stored: one case, NOT_STARTED, no approval decided, the history as it was
        Map<String, JsonNode> cases = casesByName(release);
        assertThat(cases.keySet()).containsExactly("ping");
        assertThat(statusAndRun(cases.get("ping"))).isEqualTo("NOT_STARTED -");
        assertThat(cases.get("ping").get("comment").isNull()).isTrue();
        assertThat(api.get("/api/v1/releases/" + release + "/approvals").body().findValuesAsString("status"))
                .containsOnly("PENDING");
        assertThat(api.get("/api/v1/releases/" + release + "/history").body().size())
                .isEqualTo(historyBefore);
        assertThat(api.get("/api/v1/projects/" + project + "/releases").body().findValuesAsString("version"))
                .doesNotContain("R 6", "R 7");

        // another tenant sees none of it
        Api stranger = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("releases-b"))
                .api();
        assertThat(stranger.get("/api/v1/releases/" + release).status()).isEqualTo(404);
        assertThat(stranger.getText("/api/v1/releases/" + release + "/report.pdf")
                        .status())
                .isEqualTo(404);
        assertThat(setCase(stranger, release, ping, Map.of("status", "PASSED")).status())
                .isEqualTo(404);
    }

    private static void assertRefused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        if (field != null) {
            assertThat(answer.body().get("errors").get(0).get("field").asString())
                    .as(answer.raw())
                    .isEqualTo(field);
        }
    }
}
