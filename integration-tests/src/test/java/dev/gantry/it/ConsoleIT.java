package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: the Playwright script {@code console/e2e/console.e2e.mjs}
 * (playwright-core driving Debian's Chromium) against this farm. A person invited through the API
 * sets a password, is refused with a wrong one, signs in, runs a suite from its page and watches the
 * run finish live, opens a failed step, and signs out. Screenshots of each page are kept in
 * {@code target/console-screenshots/}.
 */
class ConsoleIT {
    static final Path SCREENSHOTS = ConsoleBrowser.SCREENSHOTS;

    static Farm farm;
    static HttpServer target;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        // slow enough that a run of a few hundred steps takes some seconds, so there is something to watch
        target = TestTargets.slow(Duration.ofMillis(40), exchange -> {
            boolean broken = exchange.getRequestURI().getPath().startsWith("/orders");
            TestTargets.json(exchange, broken ? 500 : 200, broken ? "{\"error\": \"boom\"}" : "{\"ok\": true}");
        });
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    /** The list the console's runs page reads: narrowed by each filter, a bad filter refused naming it. */
    @Test
    void theRunsListNarrowsByEachFilterAndRefusesABadOneNamingIt() {
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        Api admin = Scenarios.tenant(operator, aTenant().named("runs-list")).api();
        Scenarios.Workspace workspace = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("list products").get("/products").expectStatus(200).build());
        UUID run = admin.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        admin.waitForEnd(run, java.time.Duration.ofSeconds(60));
        String created = admin.get("/api/v1/runs/" + run).text("createdAt");
        java.time.Instant at = java.time.Instant.parse(created);
        for (String filter : new String[] {
            "",
            "?suite=" + workspace.suite(),
            "?environment=" + workspace.environment(),
            "?status=passed",
            "?trigger=API",
            "?from=" + at,
            "?to=" + at.plusSeconds(1)
        }) {
            Api.Answer list = admin.get("/api/v1/runs" + filter);
            assertThat(list.status()).as(filter + ": " + list.raw()).isEqualTo(200);
            assertThat(list.body().size()).as(filter).isEqualTo(1);
            assertThat(list.body().get(0).get("id").asString()).isEqualTo(run.toString());
        }
        for (String filter : new String[] {
            "?suite=" + UUID.randomUUID(), "?status=FAILED", "?trigger=CI", "?from=" + at.plusSeconds(1), "?to=" + at
        }) {
            assertThat(admin.get("/api/v1/runs" + filter).body().size())
                    .as(filter)
                    .isZero();
        }
        for (String[] bad : new String[][] {
            {"status", "?status=SOMETIMES"}, {"trigger", "?trigger=cron"}, {"limit", "?limit=201"},
            {"from", "?from=yesterday"}, {"to", "?from=" + at + "&to=" + at}, {"suite", "?suite=42"}
        }) {
            Api.Answer refused = admin.get("/api/v1/runs" + bad[1]);
            assertThat(refused.status()).as(bad[1]).isEqualTo(400);
            assertThat(refused.body().get("errors").get(0).get("field").asString())
                    .as(bad[1])
                    .isEqualTo(bad[0]);
        }
        // the live stream of an ended run: one end event with the run, then the stream closes
        Api.Answer events = admin.getText("/api/v1/runs/" + run + "/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.raw()).startsWith("event:end\n").contains("\"status\":\"PASSED\"");
        assertThat(admin.getText("/api/v1/runs/" + UUID.randomUUID() + "/events")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aPersonSignsInWatchesARunFinishLiveAndOpensAFailedStep() throws Exception {
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("console"));
        Api admin = tenant.api();
        Scenarios.Workspace workspace = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
        String suiteName = admin.get("/api/v1/suites/" + workspace.suite()).text("name");
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("list products").get("/products").expectStatus(200).build());
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("list orders").get("/orders").expectStatus(200).build());
        Scenarios.numberedRows(admin, workspace.suite(), 400);
        // an earlier run, for the diff
        UUID earlier = admin.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        admin.waitForEnd(earlier, java.time.Duration.ofSeconds(90));

        String email = "tess-" + UUID.randomUUID() + "@example.com";
        Api.Answer invitation =
                admin.post("/api/v1/invitations", Map.of("email", email, "name", "Tess Tester", "role", "TESTER"));
        assertThat(invitation.status()).as(invitation.raw()).isEqualTo(201);
        assertThat(invitation.text("path")).isEqualTo("/console/invitation#" + invitation.text("token"));

        String log = ConsoleBrowser.run(
                farm,
                "e2e/console.e2e.mjs",
                Map.of("INVITATION", invitation.text("token"), "EMAIL", email, "SUITE", suiteName),
                Duration.ofMinutes(4));
        assertThat(log)
                .contains(
                        "ok invitation sets a password",
                        "ok a wrong password is refused",
                        "ok signs in",
                        "ok triggers a run and watches it finish live",
                        "ok opens a failure's step detail",
                        "ok reads on a phone",
                        "ok is usable by keyboard",
                        "ok signs out, and the session is over");
        for (String page : new String[] {"invitation", "sign-in-refused", "runs", "suites", "run", "step"}) {
            assertThat(SCREENSHOTS.resolve(page + ".png")).as(page).isNotEmptyFile();
        }
    }
}
