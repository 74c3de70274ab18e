package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.controlplane.processes.ProcessScenarios;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * Process suites of two diagrams from a modeller, run with the farm's two workers against a loopback
 * server on which one step fails: results per element, gateway branch and flow, and process coverage,
 * exact; the diagram as well-formed SVG coloured by them, a hostile task name escaped; the run's
 * HTML report with the diagram, opened in headless Chromium; another tenant sees none of it.
 */
class ProcessResultsIT {
    static final Path OUTPUT = Path.of("target", "process-results-it");
    /** Were it not escaped, Chromium's console would say so. */
    static final String HOSTILE = "Reserve <script>console.error('injected')</script> stock & \"co\"";

    static Farm farm;
    static HttpServer target;
    static Scenarios.Tenant tenant;
    static Api api;
    static Api stranger;
    static UUID orderDiagram;
    static UUID orderRun;
    static UUID onboardingDiagram;
    static UUID onboardingRun;
    static UUID plainRun;

    /** One step of a path: the case's name and request path, the element it exercises, the flows to it. */
    record Step(String name, String path, String elementId, List<String> flowIds) {}

    @BeforeAll
    static void runTwoProcessSuites() throws Exception {
        farm = Farm.get();
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        tenant = Scenarios.tenant(operator, aTenant().named("process-results"));
        api = tenant.api();
        stranger =
                Scenarios.tenant(operator, aTenant().named("process-stranger")).api();
        // payments and SMS are down; every other call succeeds
        target = TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean down = path.startsWith("/payments") || path.startsWith("/sms");
            TestTargets.json(exchange, down ? 500 : 200, "{}");
        });
        String baseUrl = Scenarios.baseUrlOf(target);

        // the linear order process, one task of which a user named with markup
        Scenarios.Workspace orders = Scenarios.workspace(api, baseUrl);
        orderDiagram = importDiagram(
                orders.project(),
                ProcessImportIT.read("order-fulfilment.bpmn")
                        .replace(
                                "name=\"Reserve stock\"",
                                "name=\"Reserve &lt;script&gt;console.error('injected')&lt;/script&gt; stock &amp;"
                                        + " &quot;co&quot;\""));
        Scenarios.numberedRows(api, orders.suite(), 12);
        List<ProcessScenarios.CaseElement> orderCases = new ArrayList<>(path(
                orders.suite(),
                "order shipped",
                List.of(
                        new Step("Create order", "/orders", "Activity_create_order", List.of("Flow_0k1x9ab")),
                        new Step("Reserve stock", "/stock", "Activity_reserve_stock", List.of("Flow_1m2c3de")),
                        new Step("Charge payment", "/payments", "Activity_charge_payment", List.of("Flow_0p4q5rs")),
                        new Step("Ship order", "/shipments", "Activity_ship_order", List.of("Flow_1t6u7vw")))));
        mark(orders.suite(), orderDiagram, orderCases);
        orderRun = run(orders.suite(), orders.environment());

        // onboarding: a parallel split and join, an inclusive gateway, a loop back through a task
        Scenarios.Workspace onboarding = Scenarios.workspace(api, baseUrl);
        onboardingDiagram = importDiagram(onboarding.project(), ProcessImportIT.read("customer-onboarding.bpmn"));
        Scenarios.numberedRows(api, onboarding.suite(), 6);
        List<ProcessScenarios.CaseElement> onboardingCases = new ArrayList<>();
        onboardingCases.addAll(path(
                onboarding.suite(),
                "e-mail, complete",
                List.of(
                        new Step("A register", "/customers", "Activity_register", List.of("Flow_01")),
                        new Step("A verify", "/kyc", "Activity_verify_identity", List.of("Flow_02", "Flow_03")),
                        new Step("A credit", "/credit", "Activity_check_credit", List.of("Flow_04")),
                        new Step(
                                "A e-mail",
                                "/mail",
                                "Activity_send_email",
                                List.of("Flow_05", "Flow_06", "Flow_07", "Flow_08")),
                        new Step("A review", "/reviews", "Activity_review", List.of("Flow_10", "Flow_12")))));
        onboardingCases.addAll(path(
                onboarding.suite(),
                "SMS",
                List.of(
                        new Step("B register", "/customers", "Activity_register", List.of("Flow_01")),
                        new Step("B verify", "/kyc", "Activity_verify_identity", List.of("Flow_02", "Flow_03")),
                        new Step("B credit", "/credit", "Activity_check_credit", List.of("Flow_04")),
                        new Step(
                                "B SMS",
                                "/sms",
                                "Activity_send_sms",
                                List.of("Flow_05", "Flow_06", "Flow_07", "Flow_09")),
                        new Step("B review", "/reviews", "Activity_review", List.of("Flow_11", "Flow_12")))));
        onboardingCases.addAll(path(
                onboarding.suite(),
                "documents missing",
                List.of(
                        new Step("C register", "/customers", "Activity_register", List.of("Flow_01")),
                        new Step("C verify", "/kyc", "Activity_verify_identity", List.of("Flow_02", "Flow_03")),
                        new Step("C credit", "/credit", "Activity_check_credit", List.of("Flow_04")),
                        new Step(
                                "C e-mail",
                                "/mail",
                                "Activity_send_email",
                                List.of("Flow_05", "Flow_06", "Flow_07", "Flow_08")),
                        new Step("C review", "/reviews", "Activity_review", List.of("Flow_10", "Flow_12")),
                        new Step(
                                "C documents",
                                "/documents",
                                "Activity_request_documents",
                                List.of("Flow_13", "Flow_15")),
                        new Step("C review again", "/reviews", "Activity_review", List.of("Flow_16")))));
        mark(onboarding.suite(), onboardingDiagram, onboardingCases);
        onboardingRun = run(onboarding.suite(), onboarding.environment());

        // a run of an ordinary suite
        Scenarios.Workspace plain = Scenarios.workspace(api, baseUrl);
        assertThat(api.post(
                                "/api/v1/suites/" + plain.suite() + "/cases",
                                aCase("ping").get("/ping").expectStatus(200).build())
                        .status())
                .isEqualTo(201);
        plainRun = api.post("/api/v1/suites/" + plain.suite() + "/runs", Map.of("environmentId", plain.environment()))
                .id("runId");
        api.waitForEnd(plainRun, Duration.ofSeconds(60));
        Files.createDirectories(OUTPUT);
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void aLinearProcessFailingAtItsPaymentIsPassedUpToItFailedThereAndNotReachedAfter() {
        Api.Answer answer = api.get("/api/v1/runs/" + orderRun + "/process");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode results = answer.body();
        assertThat(results.get("diagramId").asString()).isEqualTo(orderDiagram.toString());
        assertThat(results.get("version").asInt()).isEqualTo(1);
        assertThat(statuses(results.get("elements"), "elementId"))
                .containsExactly(
                        "StartEvent_order_placed:PASSED:1/0/0",
                        "Activity_create_order:PASSED:2/0/0",
                        "Activity_reserve_stock:PASSED:2/0/0",
                        "Activity_charge_payment:FAILED:0/1/1",
                        "Activity_ship_order:NOT_REACHED:0/0/1",
                        "EndEvent_order_shipped:NOT_REACHED:0/0/1");
        assertThat(statuses(results.get("flows"), "flowId"))
                .containsExactly(
                        "Flow_0k1x9ab:PASSED:1/0/0",
                        "Flow_1m2c3de:PASSED:1/0/0",
                        "Flow_0p4q5rs:FAILED:0/1/0",
                        "Flow_1t6u7vw:NOT_REACHED:0/0/1",
                        "Flow_0x8y9za:NOT_REACHED:0/0/1");
        assertThat(results.get("branches").size()).isZero();
        assertThat(results.get("elements").get(2).get("name").asString()).isEqualTo(HOSTILE);

        JsonNode coverage = api.get("/api/v1/runs/" + orderRun + "/coverage").body();
        // the project has no specification: the process's coverage is the whole answer
        assertThat(coverage.get("status").asString()).isEqualTo("NO_SPECIFICATION");
        JsonNode process = coverage.get("process");
        assertThat(process.get("diagramId").asString()).isEqualTo(orderDiagram.toString());
        assertThat(count(process.get("elements"))).isEqualTo("6/6/4/66.67");
        assertThat(count(process.get("flows"))).isEqualTo("5/5/3/60.00");
    }

    @Test
    void gatewaysBranchesAndALoopAreReadPerElementWithTheFailedSmsBranch() {
        JsonNode results = api.get("/api/v1/runs/" + onboardingRun + "/process").body();
        assertThat(statuses(results.get("elements"), "elementId"))
                .containsExactly(
                        "StartEvent_signup:PASSED:3/0/0",
                        "Activity_register:PASSED:6/0/0",
                        "Gateway_checks_split:PASSED:6/0/0",
                        "Activity_verify_identity:PASSED:6/0/0",
                        "Activity_check_credit:PASSED:6/0/0",
                        "Gateway_checks_join:PASSED:3/0/0",
                        "Gateway_channels:PASSED:3/0/0",
                        "Activity_send_email:PASSED:4/0/0",
                        "Activity_send_sms:FAILED:0/1/1",
                        "Gateway_channels_join:PASSED:2/0/1",
                        "Activity_review:PASSED:4/0/1",
                        "Gateway_complete:PASSED:3/0/1",
                        "EndEvent_onboarded:PASSED:2/0/1",
                        "Activity_request_documents:PASSED:2/0/0",
                        "Event_review_overdue:NOT_IN_SCENARIO:0/0/0",
                        "Activity_remind_reviewer:NOT_IN_SCENARIO:0/0/0",
                        "EndEvent_reminded:NOT_IN_SCENARIO:0/0/0");
        assertThat(statuses(results.get("branches"), "flowId"))
                .containsExactly(
                        "Flow_03:PASSED:3/0/0",
                        "Flow_04:PASSED:3/0/0",
                        "Flow_08:PASSED:2/0/0",
                        "Flow_09:FAILED:0/1/0",
                        "Flow_14:PASSED:2/0/1",
                        "Flow_15:PASSED:1/0/0");
        assertThat(statuses(results.get("flows"), "flowId"))
                .containsExactly(
                        "Flow_01:PASSED:3/0/0",
                        "Flow_02:PASSED:3/0/0",
                        "Flow_03:PASSED:3/0/0",
                        "Flow_04:PASSED:3/0/0",
                        "Flow_05:PASSED:3/0/0",
                        "Flow_06:PASSED:3/0/0",
                        "Flow_07:PASSED:3/0/0",
                        "Flow_08:PASSED:2/0/0",
                        "Flow_09:FAILED:0/1/0",
                        "Flow_10:PASSED:2/0/0",
                        "Flow_11:NOT_REACHED:0/0/1",
                        "Flow_12:PASSED:2/0/1",
                        "Flow_13:PASSED:3/0/1",
                        "Flow_14:PASSED:2/0/1",
                        "Flow_15:PASSED:1/0/0",
                        "Flow_16:PASSED:1/0/0",
                        "Flow_17:NOT_IN_SCENARIO:0/0/0",
                        "Flow_18:NOT_IN_SCENARIO:0/0/0");
        JsonNode process =
                api.get("/api/v1/runs/" + onboardingRun + "/coverage").body().get("process");
        assertThat(count(process.get("elements"))).isEqualTo("17/14/14/82.35");
        assertThat(count(process.get("flows"))).isEqualTo("18/16/15/83.33");
    }

    @Test
    void theDiagramIsWellFormedSvgWithOneShapePerElementColouredByItsResult() throws Exception {
        Api.Answer coloured =
                api.getText("/api/v1/processes/" + onboardingDiagram + "/diagram.svg?runId=" + onboardingRun);
        assertThat(coloured.status()).as(coloured.raw()).isEqualTo(200);
        assertThat(coloured.header("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(coloured.header("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
        Document svg = parse(coloured.raw());
        Map<String, String> shapes = classes(svg, "data-element-id");
        assertThat(shapes).hasSize(17);
        assertThat(shapes.get("Activity_send_sms")).contains("gp-failed").contains("gp-task");
        assertThat(shapes.get("Activity_review")).contains("gp-passed");
        assertThat(shapes.get("Gateway_checks_split")).contains("gp-passed").contains("gp-gateway");
        assertThat(shapes.get("Activity_remind_reviewer")).contains("gp-none");
        assertThat(shapes.get("EndEvent_onboarded")).contains("gp-end").contains("gp-passed");
        assertThat(shapes.values().stream().filter(c -> c.contains("gp-passed")))
                .hasSize(13);
        Map<String, String> flows = classes(svg, "data-flow-id");
        assertThat(flows).hasSize(18);
        assertThat(flows.get("Flow_09")).contains("gp-failed");
        assertThat(flows.get("Flow_11")).contains("gp-not-reached");
        assertThat(svg.getDocumentElement().getTextContent()).contains("not in the scenario");

        // the order diagram's task name is text, not markup, in the SVG as served and drawn plain
        Api.Answer order = api.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg?runId=" + orderRun);
        assertThat(order.raw()).doesNotContain("<script").contains("&lt;script&gt;");
        Document orderSvg = parse(order.raw());
        Map<String, String> orderShapes = classes(orderSvg, "data-element-id");
        assertThat(orderShapes).hasSize(6);
        assertThat(orderShapes.get("Activity_charge_payment")).contains("gp-failed");
        assertThat(orderShapes.get("Activity_ship_order")).contains("gp-not-reached");
        assertThat(orderShapes.get("Activity_reserve_stock")).contains("gp-passed");
        assertThat(orderSvg.getElementsByTagName("script").getLength()).isZero();
        assertThat(orderSvg.getDocumentElement().getTextContent()).contains(HOSTILE);

        Api.Answer plain = api.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg?version=1");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(classes(parse(plain.raw()), "data-element-id").values())
                .hasSize(6)
                .allSatisfy(c -> assertThat(c).contains("gp-plain"));
    }

    @Test
    void theRunsHtmlReportShowsTheDiagramAndItsResultsAndOpensInChromiumWithoutConsoleErrors() throws Exception {
        Api.Answer html = api.getText("/api/v1/runs/" + orderRun + "/reports/html");
        assertThat(html.status()).as(html.raw()).isEqualTo(200);
        String page = html.raw();
        assertThat(page)
                .contains("id=\"process\"")
                .contains("Elements exercised: 4 of 6 (66.67 %")
                .contains("sequence flows exercised: 3 of 5 (60.00 %")
                .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gp\"")
                .contains("<tr data-element-id=\"Activity_charge_payment\"><td>Charge payment</td><td>serviceTask</td>"
                        + "<td><span class=\"badge FAILED\">FAILED</span></td><td class=\"num\">0</td>"
                        + "<td class=\"num\">1</td><td class=\"num\">1</td></tr>")
                .doesNotContain("<script>console");
        assertThat(page.indexOf("id=\"process\"")).isLessThan(page.indexOf("id=\"failures\""));
        Path file = OUTPUT.resolve("order-" + orderRun + ".html");
        Files.writeString(file, page, StandardCharsets.UTF_8);
        Chromium.Result opened = Chromium.open(file, OUTPUT.resolve("order-" + orderRun + ".png"));
        assertThat(opened.console()).as(opened.log()).isEmpty();

        Api.Answer onboarding = api.getText("/api/v1/runs/" + onboardingRun + "/reports/html");
        assertThat(onboarding.raw())
                .contains("id=\"process-branches\"")
                .contains("<tr data-flow-id=\"Flow_09\"><td>Contact channels?</td><td>mobile number given</td>"
                        + "<td>Send welcome SMS</td><td><span class=\"badge FAILED\">FAILED</span></td></tr>");
        Path second = OUTPUT.resolve("onboarding-" + onboardingRun + ".html");
        Files.writeString(second, onboarding.raw(), StandardCharsets.UTF_8);
        Chromium.Result secondOpened = Chromium.open(second, OUTPUT.resolve("onboarding-" + onboardingRun + ".png"));
        assertThat(secondOpened.console()).as(secondOpened.log()).isEmpty();

        // an ordinary suite's report has no process section
        assertThat(api.getText("/api/v1/runs/" + plainRun + "/reports/html").raw())
                .doesNotContain("id=\"process\"");
    }

    @Test
    void anotherTenantsRunOrDiagramIsNotFoundAndMismatchesNameTheirField() {
        assertThat(stranger.get("/api/v1/runs/" + orderRun + "/process").status())
                .isEqualTo(404);
        assertThat(stranger.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg")
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/runs/" + UUID.randomUUID() + "/process").status())
                .isEqualTo(404);
        Api.Answer ordinary = api.get("/api/v1/runs/" + plainRun + "/process");
        assertThat(ordinary.status()).isEqualTo(404);
        assertThat(ordinary.body().get("detail").asString()).contains("not generated from a diagram");
        assertRefused(
                api.getText("/api/v1/processes/" + onboardingDiagram + "/diagram.svg?runId=" + orderRun), 400, "runId");
        assertRefused(
                api.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg?runId=" + orderRun + "&version=2"),
                400,
                "version");
        assertRefused(api.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg?version=7"), 400, "version");
        assertRefused(api.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg?runId=nope"), 400, "runId");
        // another tenant's run against one's own diagram: not found, as if it did not exist
        assertThat(api.getText("/api/v1/processes/" + orderDiagram + "/diagram.svg?runId=" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
    }

    private static void assertRefused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        JsonNode body = Api.JSON.readTree(answer.raw());
        assertThat(body.get("errors").get(0).get("field").asString())
                .as(answer.raw())
                .isEqualTo(field);
    }

    private static UUID importDiagram(UUID project, String bpmn) {
        Api.Answer imported = api.send("POST", "/api/v1/projects/" + project + "/processes", bpmn, "application/xml");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        return imported.id();
    }

    /** The path's steps as a chain of cases (each depends on the one before) and their marks. */
    private static List<ProcessScenarios.CaseElement> path(UUID suite, String scenario, List<Step> steps) {
        List<ProcessScenarios.CaseElement> marks = new ArrayList<>();
        UUID previous = null;
        for (Step step : steps) {
            var kase = aCase(step.name()).get(step.path() + "/{{n}}").expectStatus(200);
            if (previous != null) {
                kase.dependsOn(previous);
            }
            Api.Answer created = api.post("/api/v1/suites/" + suite + "/cases", kase.build());
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            previous = created.id();
            marks.add(new ProcessScenarios.CaseElement(previous, step.elementId(), scenario, "HAPPY", step.flowIds()));
        }
        return marks;
    }

    /** Marks the suite as generated from version 1 of the diagram, as the generator does. */
    private static void mark(UUID suite, UUID diagram, List<ProcessScenarios.CaseElement> cases) {
        farm.controlPlane
                .getBean(ProcessScenarios.class)
                .record(tenant.id(), suite, diagram, 1, tenant.adminUser(), Map.of(), cases);
    }

    private static UUID run(UUID suite, UUID environment) {
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        JsonNode ended = api.waitForEnd(run, Duration.ofSeconds(120));
        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("FAILED");
        return run;
    }

    private static List<String> statuses(JsonNode results, String id) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : results) {
            out.add(r.get(id).asString() + ":" + r.get("status").asString() + ":"
                    + r.get("passed").asInt() + "/" + r.get("failed").asInt() + "/"
                    + r.get("notReached").asInt());
        }
        return out;
    }

    /** total/inScenario/exercised/percent, the percent with two decimals. */
    private static String count(JsonNode count) {
        return count.get("total").asInt() + "/" + count.get("inScenario").asInt() + "/"
                + count.get("exercised").asInt() + "/"
                + count.get("percent").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private static Map<String, String> classes(Document svg, String attribute) {
        Map<String, String> out = new LinkedHashMap<>();
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.hasAttribute(attribute)) {
                assertThat(out.put(g.getAttribute(attribute), g.getAttribute("class")))
                        .as("one shape for " + g.getAttribute(attribute))
                        .isNull();
            }
        }
        return out;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
