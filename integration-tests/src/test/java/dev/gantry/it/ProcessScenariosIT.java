package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenarios from BPMN diagrams: the exact paths through linear, exclusive, parallel and inclusive
 * gateways and loops (capped with a message), conditions as data rows, and a generated suite whose
 * chained cases pass ids from step to step, run by two workers against a loopback shop that
 * implements the specification; hostile requests refused naming the field.
 */
class ProcessScenariosIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Farm farm;
    static Api operator;
    static Api api;
    static ShopServer shop;
    static HttpServer server;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        operator = new Api(farm.baseUrl(), farm.adminKey);
        api = Scenarios.tenant(operator, aTenant().named("scenarios").onPlan("Pro"))
                .api();
        shop = new ShopServer();
        server = TestTargets.start("/", shop::handle);
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.stop(0);
        }
    }

    static Api.Answer preview(UUID diagram, Map<String, Object> body) {
        return api.post("/api/v1/processes/" + diagram + "/scenarios/preview", body);
    }

    static List<String> paths(Api.Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body()
                .get("paths")
                .valueStream()
                .map(p -> String.join(
                        ",",
                        p.get("elementIds")
                                .valueStream()
                                .map(JsonNode::asString)
                                .filter(id -> !id.startsWith("Gateway") && !id.startsWith("Flow"))
                                .toList()))
                .toList();
    }

    @Test
    void aLinearProcessHasOnePathThroughItsFourTasks() {
        UUID diagram = ProcessBindingsIT.diagram(api, "order-fulfilment.bpmn");
        Api.Answer answer = preview(diagram, Map.of());
        assertThat(paths(answer))
                .containsExactly("StartEvent_order_placed,Activity_create_order,Activity_reserve_stock,"
                        + "Activity_charge_payment,Activity_ship_order,EndEvent_order_shipped");
        JsonNode path = answer.body().get("paths").get(0);
        assertThat(ProcessBindingsIT.names(path.get("flowIds")))
                .containsExactly("Flow_0k1x9ab", "Flow_1m2c3de", "Flow_0p4q5rs", "Flow_1t6u7vw", "Flow_0x8y9za");
        assertThat(path.get("label").asString()).isEqualTo("the only way through");
        assertThat(answer.body().get("capped").asBoolean()).isFalse();
        // nothing bound yet: every task listed as unbound, no case planned
        assertThat(answer.body().get("cases").size()).isZero();
        assertThat(answer.body().get("unbound").valueStream().map(u -> u.get("elementId")
                        .asString()))
                .containsExactly(
                        "Activity_create_order",
                        "Activity_reserve_stock",
                        "Activity_charge_payment",
                        "Activity_ship_order");
    }

    @Test
    void anExclusiveGatewayLoopIsTakenAtMostMaxLoopsTimesAndItsConditionsBecomeRows() {
        UUID diagram = ProcessBindingsIT.diagram(api, "invoice-receipt.bpmn");
        Api.Answer once = preview(diagram, Map.of("maxLoops", 1));
        assertThat(paths(once))
                .containsExactly(
                        "StartEvent_1,assignApprover,approveInvoice,invoice_approved,prepareBankTransfer,ServiceTask_1,"
                                + "invoiceProcessed",
                        "StartEvent_1,assignApprover,approveInvoice,invoice_approved,reviewInvoice,reviewSuccessful_gw,"
                                + "approveInvoice,invoice_approved,prepareBankTransfer,ServiceTask_1,invoiceProcessed",
                        "StartEvent_1,assignApprover,approveInvoice,invoice_approved,reviewInvoice,reviewSuccessful_gw,"
                                + "approveInvoice,invoice_approved,reviewInvoice,reviewSuccessful_gw,invoiceNotProcessed",
                        "StartEvent_1,assignApprover,approveInvoice,invoice_approved,reviewInvoice,reviewSuccessful_gw,"
                                + "invoiceNotProcessed");
        assertThat(once.body().get("paths").valueStream().map(p -> p.get("row").toString()))
                .containsExactly(
                        "{\"approved\":true}",
                        "{\"approved\":true,\"clarified\":true}",
                        "{\"approved\":false,\"clarified\":false}",
                        "{\"approved\":false,\"clarified\":false}");
        assertThat(once.body().get("paths").get(3).get("label").asString())
                .isEqualTo("Invoice approved?: no → Review successful?: no");
        assertThat(ProcessBindingsIT.names(once.body().get("warnings")))
                .contains("P2: approved takes false and then true along the path (a loop); the data row holds the last,"
                        + " true");

        assertThat(paths(preview(diagram, Map.of("maxLoops", 0))))
                .containsExactly(
                        "StartEvent_1,assignApprover,approveInvoice,invoice_approved,prepareBankTransfer,ServiceTask_1,"
                                + "invoiceProcessed",
                        "StartEvent_1,assignApprover,approveInvoice,invoice_approved,reviewInvoice,reviewSuccessful_gw,"
                                + "invoiceNotProcessed");

        Api.Answer capped = preview(diagram, Map.of("maxLoops", 1, "maxPaths", 2));
        assertThat(paths(capped)).hasSize(2);
        assertThat(capped.body().get("capped").asBoolean()).isTrue();
        assertThat(capped.body().get("warnings").get(0).asString())
                .isEqualTo(
                        "the diagram has more paths than maxPaths; the first 2 were kept (raise maxPaths, at most 500,"
                                + " or lower maxLoops)");
    }

    @Test
    void parallelBranchesAreTakenWholeAndAnInclusiveGatewayEachBranchAndAll() {
        UUID diagram = ProcessBindingsIT.diagram(api, "customer-onboarding.bpmn");
        Api.Answer answer = preview(diagram, Map.of("maxLoops", 1));
        // both checks of the parallel gateway on every path, joined; e-mail, SMS, then both; the review
        // passed at once, after one round of missing documents, or overdue (the timer boundary event)
        String checks = "StartEvent_signup,Activity_register,Activity_verify_identity,Activity_check_credit,";
        List<String> expected = new ArrayList<>();
        for (String channels :
                List.of("Activity_send_email,", "Activity_send_sms,", "Activity_send_email,Activity_send_sms,")) {
            String reviewed = checks + channels + "Activity_review,";
            expected.add(reviewed + "EndEvent_onboarded");
            expected.add(reviewed + "Activity_request_documents,Activity_review,EndEvent_onboarded");
            expected.add(reviewed
                    + "Activity_request_documents,Activity_review,Event_review_overdue,Activity_remind_reviewer,"
                    + "EndEvent_reminded");
            expected.add(reviewed + "Event_review_overdue,Activity_remind_reviewer,EndEvent_reminded");
        }
        assertThat(paths(answer)).containsExactlyElementsOf(expected);
        JsonNode first = answer.body().get("paths").get(0);
        assertThat(ProcessBindingsIT.names(first.get("elementIds")))
                .containsSubsequence(
                        "Gateway_checks_split", "Gateway_checks_join", "Gateway_channels", "Gateway_channels_join");
        assertThat(ProcessBindingsIT.names(first.get("flowIds")))
                .containsExactly(
                        "Flow_01", "Flow_02", "Flow_03", "Flow_04", "Flow_05", "Flow_06", "Flow_07", "Flow_08",
                        "Flow_10", "Flow_12", "Flow_13", "Flow_14");
        assertThat(first.get("label").asString())
                .isEqualTo(
                        "Gateway_checks_split: all of Verify identity, Check credit score → Contact channels?: e-mail"
                                + " → Account complete?: yes");
        // e-mail alone: the SMS flow's condition must not hold; with SMS it must
        assertThat(answer.body().get("paths").valueStream().map(p -> p.get("row")
                        .toString()))
                .containsExactly(
                        "{\"phone\":null,\"complete\":true}",
                        "{\"phone\":null,\"complete\":true}",
                        "{\"phone\":null,\"complete\":false}",
                        "{\"phone\":null}",
                        "{\"phone\":\"sample\",\"complete\":true}",
                        "{\"phone\":\"sample\",\"complete\":true}",
                        "{\"phone\":\"sample\",\"complete\":false}",
                        "{\"phone\":\"sample\"}",
                        "{\"phone\":\"sample\",\"complete\":true}",
                        "{\"phone\":\"sample\",\"complete\":true}",
                        "{\"phone\":\"sample\",\"complete\":false}",
                        "{\"phone\":\"sample\"}");
        assertThat(answer.body().get("capped").asBoolean()).isFalse();
        Api.Answer capped = preview(diagram, Map.of("maxLoops", 1, "maxPaths", 5));
        assertThat(paths(capped)).containsExactlyElementsOf(expected.subList(0, 5));
        assertThat(capped.body().get("capped").asBoolean()).isTrue();
    }

    @Test
    void aGeneratedSuiteRunsGreenWithIdsFlowingFromStepToStep() throws Exception {
        ProcessBindingsIT.Shop project = ProcessBindingsIT.shop(api, "order-with-cancellation.bpmn");
        UUID diagram = project.diagram();
        Api.Answer suggested = api.post("/api/v1/processes/" + diagram + "/bindings/suggest", Map.of("threshold", 0.4));
        assertThat(suggested.body().get("bound").size()).as(suggested.raw()).isEqualTo(6);
        UUID environment = api.post(
                        "/api/v1/projects/" + project.project() + "/environments",
                        Map.of(
                                "name",
                                "loopback",
                                "baseUrl",
                                "http://127.0.0.1:" + server.getAddress().getPort()))
                .id();

        Api.Answer generated = api.post(
                "/api/v1/processes/" + diagram + "/scenarios",
                Map.of("environmentId", environment, "maxLoops", 1, "maxPaths", 50, "negative", true));
        assertThat(generated.status()).as(generated.raw()).isEqualTo(201);
        UUID suite = generated.id("suiteId");
        assertThat(generated.text("suiteName")).isEqualTo("Order with cancellation · scenarios v1");
        assertThat(api.get("/api/v1/suites/" + suite).text("status")).isEqualTo("DRAFT");

        List<JsonNode> cases = generated.body().get("cases").valueStream().toList();
        List<String> happy = cases.stream()
                .filter(c -> c.get("kind").asString().equals("HAPPY"))
                .map(c -> c.get("name").asString())
                .toList();
        assertThat(happy)
                .containsExactly(
                        "P1 · 1 · Create order (POST /orders)",
                        "P1 · 2 · Reserve stock (POST /orders/{orderId}/reservations)",
                        "P1 · 3 · Charge payment (POST /orders/{orderId}/payments)",
                        "P1 · 4 · Ship order (POST /orders/{orderId}/shipments)",
                        "P1 · 5 · Check order status (GET /orders/{orderId})",
                        "P2 · 1 · Create order (POST /orders)",
                        "P2 · 2 · Reserve stock (POST /orders/{orderId}/reservations)",
                        "P2 · 3 · Cancel order (DELETE /orders/{orderId})");
        assertThat(cases).hasSize(26);
        JsonNode create = cases.stream()
                .filter(c -> c.get("name").asString().equals("P1 · 1 · Create order (POST /orders)"))
                .findFirst()
                .orElseThrow();
        assertThat(create.get("extractions").toString())
                .isEqualTo("[{\"name\":\"orderId\",\"source\":\"BODY\",\"expression\":\"$.id\"}]");
        JsonNode charge = cases.stream()
                .filter(c -> c.get("name").asString().startsWith("P1 · 3 · Charge payment ("))
                .findFirst()
                .orElseThrow();
        assertThat(charge.get("request").get("path").asString()).isEqualTo("/orders/{{orderId}}/payments");
        assertThat(ProcessBindingsIT.names(charge.get("flowIds"))).containsExactly("Flow_reserved", "Flow_in_stock");
        assertThat(generated.body().get("paths").valueStream().map(p -> p.get("row")
                        .toString()))
                .containsExactly("{\"inStock\":true}", "{\"inStock\":false}");

        // what each case exercises is recorded for per-element results
        try (Connection db = farm.database()) {
            ResultSet r = db.createStatement()
                    .executeQuery("select element_id, kind, count(*) from process_case_elements where suite_id = '"
                            + suite + "' group by element_id, kind order by element_id, kind");
            Map<String, Integer> marked = new LinkedHashMap<>();
            while (r.next()) {
                marked.put(r.getString(1) + ":" + r.getString(2), r.getInt(3));
            }
            assertThat(marked)
                    .containsExactly(
                            Map.entry("Activity_cancel_order:HAPPY", 1),
                            Map.entry("Activity_cancel_order:NEGATIVE", 1),
                            Map.entry("Activity_charge_payment:HAPPY", 1),
                            Map.entry("Activity_charge_payment:NEGATIVE", 5),
                            Map.entry("Activity_check_status:HAPPY", 1),
                            Map.entry("Activity_check_status:NEGATIVE", 1),
                            Map.entry("Activity_create_order:HAPPY", 2),
                            Map.entry("Activity_create_order:NEGATIVE", 3),
                            Map.entry("Activity_reserve_stock:HAPPY", 2),
                            Map.entry("Activity_reserve_stock:NEGATIVE", 4),
                            Map.entry("Activity_ship_order:HAPPY", 1),
                            Map.entry("Activity_ship_order:NEGATIVE", 4));
        }

        Api.Answer triggered = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment));
        assertThat(triggered.status()).as(triggered.raw()).isEqualTo(202);
        JsonNode run = api.waitForEnd(triggered.id("runId"), Duration.ofMinutes(2));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("PASSED");
        assertThat(run.get("totals").get("passed").asLong()).isEqualTo(26);
        assertThat(run.get("totals").get("failed").asLong()).isZero();
        // the ids the shop made came back in the later steps' paths (the two paths ran side by side,
        // so which order is ord-1 is up to the workers)
        assertThat(shop.created).containsExactlyInAnyOrder("ord-1", "ord-2", "res-1", "res-2", "pay-1", "shp-1");
        String shipped = shop.requests.contains("POST /orders/ord-1/payments 201") ? "ord-1" : "ord-2";
        String cancelled = shipped.equals("ord-1") ? "ord-2" : "ord-1";
        assertThat(shop.requests)
                .contains(
                        "POST /orders/" + shipped + "/reservations 201",
                        "POST /orders/" + shipped + "/payments 201",
                        "POST /orders/" + shipped + "/shipments 201",
                        "GET /orders/" + shipped + " 200",
                        "POST /orders/" + cancelled + "/reservations 201",
                        "DELETE /orders/" + cancelled + " 200",
                        "POST /orders/unknown-orderId/reservations 404",
                        "DELETE /orders/unknown-orderId 404")
                .doesNotContain("DELETE /orders/" + shipped + " 200", "POST /orders/" + cancelled + "/payments 201");
    }

    @Test
    void hostileScenarioRequestsAreRefusedNamingTheField() {
        UUID diagram = ProcessBindingsIT.diagram(api, "order-fulfilment.bpmn");
        String base = "/api/v1/processes/" + diagram + "/scenarios";
        ProcessBindingsIT.assertRefused(
                api.post(base + "/preview", Map.of("maxPaths", 0)), 400, "maxPaths", "between 1 and 500");
        ProcessBindingsIT.assertRefused(api.post(base, Map.of("maxPaths", 501)), 400, "maxPaths", "between 1 and 500");
        ProcessBindingsIT.assertRefused(api.post(base, Map.of("maxLoops", -1)), 400, "maxLoops", "between 0 and 5");
        ProcessBindingsIT.assertRefused(api.post(base, Map.of("version", 7)), 400, "version", "versions 1 to 1");
        ProcessBindingsIT.assertRefused(
                api.post(base, Map.of("environmentId", UUID.randomUUID())), 400, "environmentId", "not an environment");
        // nothing bound: nothing to generate, and no suite was made
        ProcessBindingsIT.assertRefused(api.post(base, Map.of()), 422, "bindings", "no path of the diagram");
        Api stranger = Scenarios.tenant(operator, aTenant().named("stranger")).api();
        assertThat(stranger.post(base + "/preview", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.post(base, Map.of()).status()).isEqualTo(404);
    }

    /** The shop of {@code shop-orders-api.yaml}, in memory: ids it did not make answer 404. */
    static final class ShopServer {
        final Map<String, String> orders = new ConcurrentHashMap<>();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicInteger> counters = new HashMap<>();

        synchronized String next(String prefix) {
            String id = prefix + "-"
                    + counters.computeIfAbsent(prefix, k -> new AtomicInteger()).incrementAndGet();
            created.add(id);
            return id;
        }

        void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int[] status = {500};
            String answer = answer(method, path, body, status);
            requests.add(method + " " + path + " " + status[0]);
            TestTargets.json(exchange, status[0], answer);
        }

        private String answer(String method, String path, String body, int[] status) {
            String[] s = path.substring(1).split("/");
            if (!s[0].equals("orders")) {
                status[0] = 404;
                return "{}";
            }
            JsonNode json = null;
            if (method.equals("POST") || method.equals("PATCH")) {
                try {
                    json = JSON.readTree(body);
                } catch (RuntimeException e) {
                    status[0] = 400;
                    return "{\"error\":\"malformed JSON\"}";
                }
                if (json == null || !json.isObject()) {
                    status[0] = 400;
                    return "{}";
                }
            }
            if (s.length == 1 && method.equals("POST")) {
                JsonNode items = json.get("items");
                boolean valid = json.path("customerId").isString()
                        && items != null
                        && items.isArray()
                        && !items.isEmpty()
                        && items.valueStream()
                                .allMatch(i -> i.path("sku").isString()
                                        && i.path("quantity").isIntegralNumber()
                                        && i.path("quantity").asInt() >= 1);
                if (!valid) {
                    status[0] = 400;
                    return "{}";
                }
                String id = next("ord");
                orders.put(id, "PLACED");
                status[0] = 201;
                return "{\"id\":\"" + id + "\",\"status\":\"PLACED\"}";
            }
            String order = s.length > 1 ? s[1] : "";
            if (!orders.containsKey(order)) {
                status[0] = 404;
                return "{}";
            }
            if (s.length == 2) {
                switch (method) {
                    case "GET" -> status[0] = 200;
                    case "DELETE" -> {
                        orders.put(order, "CANCELLED");
                        status[0] = 200;
                    }
                    default -> status[0] = 405;
                }
                return "{\"id\":\"" + order + "\",\"status\":\"" + orders.get(order) + "\"}";
            }
            if (!method.equals("POST") || s.length != 3) {
                status[0] = 404;
                return "{}";
            }
            switch (s[2]) {
                case "reservations" -> {
                    if (!json.path("warehouse").isString()) {
                        status[0] = 400;
                        return "{}";
                    }
                    status[0] = 201;
                    return "{\"id\":\"" + next("res") + "\",\"orderId\":\"" + order + "\"}";
                }
                case "payments" -> {
                    boolean valid = json.path("amount").isNumber()
                            && List.of("CARD", "INVOICE")
                                    .contains(json.path("method").asString(""));
                    if (!valid) {
                        status[0] = 400;
                        return "{}";
                    }
                    orders.put(order, "PAID");
                    status[0] = 201;
                    return "{\"id\":\"" + next("pay") + "\",\"status\":\"CAPTURED\"}";
                }
                case "shipments" -> {
                    if (!json.path("carrier").isString()) {
                        status[0] = 400;
                        return "{}";
                    }
                    orders.put(order, "SHIPPED");
                    status[0] = 201;
                    return "{\"id\":\"" + next("shp") + "\",\"trackingNumber\":\"TRK1\"}";
                }
                default -> {
                    status[0] = 404;
                    return "{}";
                }
            }
        }
    }
}
