package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.RequestBodies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's releases, processes and operations pages in a real browser: the Playwright scripts
 * {@code console/e2e/releases.e2e.mjs}, {@code processes.e2e.mjs} and {@code operations.e2e.mjs} (playwright-core driving
 * Debian's Chromium) against this farm, with what they show made here through the API. Screenshots
 * of each page are kept in {@code target/console-screenshots/}.
 */
class ConsolePagesIT {
    static final Path SCREENSHOTS = ConsoleBrowser.SCREENSHOTS;
    static final String PASSWORD = "correct horse battery staple";

    static Farm farm;
    static HttpServer target;
    static Api operator;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        operator = new Api(farm.baseUrl(), farm.adminKey);
        target = TestTargets.start("/", exchange -> {
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

    /**
     * Two people signed in at once: a tester who is not DEV_LEAD's holder is refused by the API when
     * the role is given to someone else under their eyes; the holder sets a failed case by hand,
     * approves, sees the gate open and marks the release ready to ship.
     */
    @Test
    void theHolderApprovesTheOtherIsRefusedAndTheGateOpens() throws Exception {
        Scenarios.Tenant tenant =
                Scenarios.tenant(operator, aTenant().named("console-releases").adminNamed("Rita Release-Owner"));
        Api admin = tenant.api();
        Scenarios.Workspace workspace = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("list products").get("/products").expectStatus(200).build());
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("list orders").get("/orders").expectStatus(200).build());

        String version = "R 2.90";
        Api.Answer release = admin.post(
                "/api/v1/projects/" + workspace.project() + "/releases",
                Map.of("version", version, "name", "Spring orders", "environmentId", workspace.environment()));
        assertThat(release.status()).as(release.raw()).isEqualTo(201);
        UUID releaseId = release.id();
        assertThat(admin.post(
                                "/api/v1/releases/" + releaseId + "/cases",
                                Map.of("suiteIds", List.of(workspace.suite())))
                        .status())
                .isEqualTo(200);
        Api.Answer gate = admin.put(
                "/api/v1/releases/" + releaseId + "/gate",
                Map.of("requiredRoles", List.of("DEV_LEAD"), "noFailedOrBlocked", true, "allowNotStarted", false));
        assertThat(gate.status()).as(gate.raw()).isEqualTo(200);

        UUID run = admin.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        admin.waitForEnd(run, Duration.ofSeconds(60));
        // the run feeds the release when its end is heard: one case PASSED, one FAILED
        Map<String, String> statuses = await("the run's outcome in release " + releaseId)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            Map<String, String> read = new HashMap<>();
                            admin.get("/api/v1/releases/" + releaseId + "/cases")
                                    .body()
                                    .forEach(c -> read.put(
                                            c.get("name").asString(),
                                            c.get("status").asString()));
                            return read;
                        },
                        read -> !read.containsValue("NOT_STARTED"));
        assertThat(statuses).isEqualTo(Map.of("list products", "PASSED", "list orders", "FAILED"));

        Person holder = invite(admin, "Dana Dev");
        Person other = invite(admin, "Vic Viewer-Tester");
        Person assigner = invite(admin, "Ada Assigner", "ADMIN");

        String log = browser(
                "e2e/releases.e2e.mjs",
                Map.of(
                        "RELEASE", releaseId.toString(),
                        "VERSION", version,
                        "HOLDER_EMAIL", holder.email(),
                        "HOLDER_ID", holder.id().toString(),
                        "HOLDER_NAME", "Dana Dev",
                        "OTHER_EMAIL", other.email(),
                        "PASSWORD", PASSWORD,
                        "API_KEY", tenant.apiKey(),
                        "ADMIN_EMAIL", assigner.email()));
        assertThat(log)
                .contains(
                        "ok the releases list shows the release",
                        "ok someone else than the holder is refused",
                        "ok an ADMIN gives a role to someone from the page",
                        "ok operations are hidden from a tester, and the API refuses them",
                        "ok the holder sets a failed case by hand, approves, and the gate opens",
                        "ok the readiness report opens as HTML and downloads as PDF",
                        "ok the release page reads on a phone");

        // what the pages did, as the API tells it
        JsonNode approvals =
                admin.get("/api/v1/releases/" + releaseId + "/approvals").body();
        JsonNode devLead = null;
        for (JsonNode a : approvals) {
            if (a.get("role").asString().equals("DEV_LEAD")) {
                devLead = a;
            }
        }
        assertThat(devLead).isNotNull();
        assertThat(devLead.get("status").asString()).isEqualTo("APPROVED");
        assertThat(devLead.get("approver").get("id").asString())
                .isEqualTo(holder.id().toString());
        assertThat(devLead.get("comment").asString()).isEqualTo("the order service is fixed");
        assertThat(admin.get("/api/v1/releases/" + releaseId).text("status")).isEqualTo("READY_TO_SHIP");
        JsonNode orders = null;
        for (JsonNode c : admin.get("/api/v1/releases/" + releaseId + "/cases").body()) {
            if (c.get("name").asString().equals("list orders")) {
                orders = c;
            }
        }
        assertThat(orders).isNotNull();
        assertThat(orders.get("status").asString()).isEqualTo("PASSED");
        assertThat(orders.get("defects").get(0).asString()).isEqualTo("CTP-1234");
        assertThat(orders.get("durationMs").asLong()).isEqualTo(90_000L);
        assertThat(orders.get("setBy").get("id").asString())
                .isEqualTo(holder.id().toString());
        for (String page : List.of("releases", "release-refused", "release", "release-phone")) {
            assertThat(SCREENSHOTS.resolve(page + ".png")).as(page).isNotEmptyFile();
        }
    }

    /**
     * An operator (an ADMIN of the operator tenant, signed in) sees a tenant's run waiting for a
     * permit its plan never gives, drains and resumes a worker, and cancels the waiting run.
     */
    @Test
    void anOperatorSeesTheQueueDrainsAWorkerAndCancelsAWaitingRun() throws Exception {
        String plan = "console-none-" + UUID.randomUUID();
        Api.Answer created =
                operator.post("/api/v1/admin/plans", Map.of("name", plan, "limits", Map.of("MaxConcurrentRuns", 0)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        RequestBodies.TenantBuilder body = aTenant().named("console-queued").onPlan(plan);
        Scenarios.Tenant tenant = Scenarios.tenant(operator, body);
        Scenarios.Workspace workspace = Scenarios.workspace(tenant.api(), Scenarios.baseUrlOf(target));
        tenant.api()
                .post(
                        "/api/v1/suites/" + workspace.suite() + "/cases",
                        aCase("list products").get("/products").build());
        Api.Answer triggered = tenant.api()
                .post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()));
        assertThat(triggered.status()).as(triggered.raw()).isEqualTo(202);
        UUID run = triggered.id("runId");
        assertThat(operator.get("/api/v1/admin/queue").raw()).contains(run.toString());
        Api.Answer tenants = operator.get("/api/v1/admin/tenants?q=console-queued&limit=500");
        assertThat(tenants.status()).as(tenants.raw()).isEqualTo(200);
        assertThat(tenants.raw()).contains(body.name(), plan, "\"runsQueued\":1");
        assertThat(operator.get("/api/v1/admin/tenants?limit=501").status()).isEqualTo(400);

        Person person = invite(operator, "Olga Operator", "ADMIN");
        String log = browser(
                "e2e/operations.e2e.mjs",
                Map.of("OPERATOR_EMAIL", person.email(), "PASSWORD", PASSWORD, "QUEUED_TENANT", body.name()));
        assertThat(log)
                .contains(
                        "ok an operator opens operations",
                        "ok the queue shows the waiting run with why",
                        "ok a worker is listed, drained and resumed",
                        "ok the waiting run is cancelled from the queue",
                        "ok operations read on a phone");
        assertThat(tenant.api().get("/api/v1/runs/" + run).text("status")).isEqualTo("CANCELLED");
        assertThat(operator.get("/api/v1/admin/workers").raw()).doesNotContain("\"drainRequested\":true");
        for (String page : List.of("operations", "operations-phone")) {
            assertThat(SCREENSHOTS.resolve(page + ".png")).as(page).isNotEmptyFile();
        }
    }

    /**
     * A process suite generated from the order diagram through the API and run against the shop with
     * its payments down: the console draws the diagram with "Charge payment" red, accepts the
     * suggestion for a task whose binding was taken away and binds another by hand.
     */
    @Test
    void aProcessDiagramIsColouredByItsRunAndItsBindingsChange() throws Exception {
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("console-processes"));
        Api api = tenant.api();
        ProcessScenariosIT.ShopServer shop = new ProcessScenariosIT.ShopServer();
        HttpServer server = TestTargets.start("/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/payments")) {
                exchange.getRequestBody().readAllBytes();
                TestTargets.json(exchange, 500, "{\"error\": \"the payment provider is down\"}");
            } else {
                shop.handle(exchange);
            }
        });
        try {
            ProcessBindingsIT.Shop project = ProcessBindingsIT.shop(api, "order-fulfilment.bpmn");
            UUID diagram = project.diagram();
            Api.Answer suggested =
                    api.post("/api/v1/processes/" + diagram + "/bindings/suggest", Map.of("threshold", 0.4));
            assertThat(suggested.body().get("bound").size()).as(suggested.raw()).isEqualTo(4);
            UUID environment = api.post(
                            "/api/v1/projects/" + project.project() + "/environments",
                            Map.of("name", "shop", "baseUrl", Scenarios.baseUrlOf(server)))
                    .id();
            Api.Answer generated = api.post(
                    "/api/v1/processes/" + diagram + "/scenarios",
                    Map.of("environmentId", environment, "negative", false));
            assertThat(generated.status()).as(generated.raw()).isEqualTo(201);
            UUID suite = generated.id("suiteId");
            Api.Answer suites = api.get("/api/v1/processes/" + diagram + "/suites");
            assertThat(suites.body().size()).as(suites.raw()).isEqualTo(1);
            assertThat(suites.body().get(0).get("suiteId").asString()).isEqualTo(suite.toString());
            assertThat(suites.body().get(0).get("version").asInt()).isEqualTo(1);
            UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                    .id("runId");
            assertThat(api.waitForEnd(run, Duration.ofSeconds(90)).get("status").asString())
                    .isEqualTo("FAILED");
            // the results per element are computed when the run's end is heard
            await("the results per element of run " + run)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/api/v1/runs/" + run + "/process").status() == 200);
            assertThat(api.delete("/api/v1/processes/" + diagram + "/bindings/Activity_ship_order")
                            .status())
                    .isEqualTo(204);

            Person tester = invite(api, "Paul Process");
            String log = browser(
                    "e2e/processes.e2e.mjs",
                    Map.of(
                            "DIAGRAM", diagram.toString(),
                            "EMAIL", tester.email(),
                            "PASSWORD", PASSWORD,
                            "FAILED", "Activity_charge_payment",
                            "PASSED", "Activity_reserve_stock",
                            "UNBOUND", "Ship order",
                            "REBIND", "Create order",
                            "REBIND_TO", "GET /orders",
                            "RUN", run.toString()));
            assertThat(log)
                    .contains(
                            "ok the processes list shows the diagram",
                            "ok the diagram is drawn with the failing element red",
                            "ok a suggestion is accepted and a task bound by hand",
                            "ok the run page shows what the run covered of the process",
                            "ok the process page reads on a phone");
            Map<String, JsonNode> bindings = ProcessBindingsIT.tasks(api, diagram, "");
            JsonNode ship = bindings.get("Activity_ship_order").get("binding");
            assertThat(ship.get("how").asString()).isEqualTo("CONFIRMED");
            assertThat(ship.get("operationId").asString()).isEqualTo("createShipment");
            assertThat(ship.get("boundBy").get("id").asString())
                    .isEqualTo(tester.id().toString());
            JsonNode create = bindings.get("Activity_create_order").get("binding");
            assertThat(create.get("how").asString()).isEqualTo("MANUAL");
            assertThat(create.get("method").asString() + " "
                            + create.get("path").asString())
                    .isEqualTo("GET /orders");
            for (String page : List.of("process", "process-bindings", "process-phone")) {
                assertThat(SCREENSHOTS.resolve(page + ".png")).as(page).isNotEmptyFile();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAdminInvitesSomeoneChangesTheirRoleAndCannotDeactivateThemselves() throws Exception {
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("console-people"));
        Person admin = invite(tenant.api(), "Ada Admin", "ADMIN");
        String newcomer = "newcomer-" + UUID.randomUUID() + "@example.com";
        String log = browser(
                "e2e/people.e2e.mjs",
                Map.of("ADMIN_EMAIL", admin.email(), "PASSWORD", PASSWORD, "NEW_EMAIL", newcomer));
        assertThat(log)
                .contains(
                        "ok an ADMIN invites someone and gets the link to pass on",
                        "ok the invited person sets a password and signs in",
                        "ok the ADMIN makes them a tester",
                        "ok the ADMIN cannot deactivate themselves, and is told why");
        JsonNode people = tenant.api().get("/api/v1/users").body();
        JsonNode invited = people.valueStream()
                .filter(p -> p.get("email").asString().equals(newcomer))
                .findFirst()
                .orElseThrow();
        assertThat(invited.get("name").asString()).isEqualTo("Nia Newcomer");
        assertThat(invited.get("role").asString()).isEqualTo("TESTER");
        assertThat(invited.get("active").asBoolean()).isTrue();
        assertThat(people.valueStream()
                        .filter(p -> p.get("email").asString().equals(admin.email()))
                        .findFirst()
                        .orElseThrow()
                        .get("active")
                        .asBoolean())
                .isTrue();
        for (String page : List.of("people", "people-phone")) {
            assertThat(SCREENSHOTS.resolve(page + ".png")).as(page).isNotEmptyFile();
        }
    }

    record Person(UUID id, String email) {}

    /** A TESTER of {@code admin}'s tenant with a password set through an invitation. */
    private static Person invite(Api admin, String name) {
        return invite(admin, name, "TESTER");
    }

    private static Person invite(Api admin, String name, String role) {
        String email = "console-" + UUID.randomUUID() + "@example.com";
        Api.Answer invitation = admin.post("/api/v1/invitations", Map.of("email", email, "name", name, "role", role));
        assertThat(invitation.status()).as(invitation.raw()).isEqualTo(201);
        Api.Answer accepted = admin.post(
                "/api/v1/invitations/accept", Map.of("token", invitation.text("token"), "password", PASSWORD));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(204);
        return new Person(invitation.id("userId"), email);
    }

    /** Runs a browser script of {@code console/e2e} against this farm; answers its output once it passed. */
    private static String browser(String script, Map<String, String> settings) throws Exception {
        return ConsoleBrowser.run(farm, script, settings, Duration.ofMinutes(3));
    }
}
