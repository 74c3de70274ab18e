package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * BPMN 2.0 diagrams produced by modellers (Camunda Modeler, Signavio; see
 * {@code resources/bpmn/README.md}) imported with their elements, lanes and pools, sequence and
 * message flows with their conditions, and the modeller's coordinates; versions; hostile documents
 * refused, naming the problem, with nothing stored.
 */
class ProcessImportIT {
    static final Path DIAGRAMS = Path.of("src", "test", "resources", "bpmn");

    static Farm farm;
    static Api operator;
    static Scenarios.Tenant tenant;
    static Api api;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        operator = new Api(farm.baseUrl(), farm.adminKey);
        tenant = Scenarios.tenant(operator, aTenant().named("processes"));
        api = tenant.api();
    }

    @Test
    void aLinearOrderProcessIsReadWithItsTasksFlowsAndCoordinates() {
        UUID project = project("orders");
        Api.Answer imported = upload(project, "order-fulfilment.bpmn", "");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        assertThat(imported.text("name")).isEqualTo("Order fulfilment");
        assertThat(imported.body().get("latestVersion").asInt()).isEqualTo(1);
        assertThat(imported.body().get("elements").toString()).isEqualTo("{\"EVENT\":2,\"TASK\":4}");
        assertThat(imported.body().get("flows").toString()).isEqualTo("{\"SEQUENCE\":5}");
        assertThat(imported.body().get("version").get("fileName").asString()).isEqualTo("order-fulfilment.bpmn");
        UUID diagram = imported.id();

        List<JsonNode> elements = list("/api/v1/processes/" + diagram + "/elements");
        assertThat(elements)
                .extracting(e -> e.get("elementId").asString() + ":"
                        + e.get("type").asString() + ":" + e.get("name").asString())
                .containsExactly(
                        "StartEvent_order_placed:startEvent:Order placed",
                        "Activity_create_order:serviceTask:Create order",
                        "Activity_reserve_stock:serviceTask:Reserve stock",
                        "Activity_charge_payment:serviceTask:Charge payment",
                        "Activity_ship_order:serviceTask:Ship order",
                        "EndEvent_order_shipped:endEvent:Order shipped");
        JsonNode create = elements.get(1);
        assertThat(create.get("documentation").asString())
                .isEqualTo("Register the order with its items and the customer's address.");
        assertThat(create.get("processId").asString()).isEqualTo("order_fulfilment");
        assertThat(create.get("bounds").toString())
                .isEqualTo("{\"x\":270.0,\"y\":77.0,\"width\":100.0,\"height\":80.0}");
        assertThat(create.get("pool").isNull()).isTrue();

        List<JsonNode> flows = list("/api/v1/processes/" + diagram + "/flows");
        assertThat(flows)
                .extracting(f ->
                        f.get("sourceId").asString() + "->" + f.get("targetId").asString())
                .containsExactly(
                        "StartEvent_order_placed->Activity_create_order",
                        "Activity_create_order->Activity_reserve_stock",
                        "Activity_reserve_stock->Activity_charge_payment",
                        "Activity_charge_payment->Activity_ship_order",
                        "Activity_ship_order->EndEvent_order_shipped");
        assertThat(flows.get(0).get("waypoints").toString())
                .isEqualTo("[{\"x\":215.0,\"y\":117.0},{\"x\":270.0,\"y\":117.0}]");

        Api.Answer document = api.getText("/api/v1/processes/" + diagram + "/versions/1/bpmn");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.raw()).isEqualTo(read("order-fulfilment.bpmn"));

        // a new version keeps the old one as it was
        String withGiftWrap = read("order-fulfilment.bpmn")
                .replace(
                        "<bpmn:endEvent id=\"EndEvent_order_shipped\"",
                        "<bpmn:task id=\"Activity_gift_wrap\" name=\"Gift wrap\" />\n    <bpmn:endEvent"
                                + " id=\"EndEvent_order_shipped\"");
        Api.Answer second = api.send(
                "POST",
                "/api/v1/processes/" + diagram + "/versions?fileName=order-fulfilment-v2.bpmn",
                withGiftWrap,
                "application/xml");
        assertThat(second.status()).as(second.raw()).isEqualTo(201);
        assertThat(second.body().get("latestVersion").asInt()).isEqualTo(2);
        assertThat(second.body().get("elements").toString()).isEqualTo("{\"EVENT\":2,\"TASK\":5}");
        assertThat(list("/api/v1/processes/" + diagram + "/elements?version=1")).hasSize(6);
        assertThat(list("/api/v1/processes/" + diagram + "/elements")).hasSize(7);
        assertThat(list("/api/v1/processes/" + diagram + "/versions"))
                .extracting(
                        v -> v.get("version").asInt() + ":" + v.get("fileName").asString())
                .containsExactly("1:order-fulfilment.bpmn", "2:order-fulfilment-v2.bpmn");
        assertRefused(
                api.get("/api/v1/processes/" + diagram + "/elements?version=3"), 400, "version", "versions 1 to 2");
    }

    @Test
    void exclusiveGatewaysLanesAndALoopOfTheInvoiceExample() {
        UUID project = project("invoices");
        Api.Answer imported = upload(project, "invoice-receipt.bpmn", "");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        assertThat(imported.text("name")).isEqualTo("Invoice Receipt");
        assertThat(imported.body().get("elements").toString())
                .isEqualTo("{\"EVENT\":3,\"GATEWAY\":2,\"LANE\":3,\"POOL\":1,\"TASK\":5}");
        Map<String, JsonNode> elements = byId(list("/api/v1/processes/" + imported.id() + "/elements"), "elementId");
        assertThat(elements.get("Process_Engine_1").get("type").asString()).isEqualTo("participant");
        JsonNode approve = elements.get("approveInvoice");
        assertThat(approve.get("type").asString()).isEqualTo("userTask");
        assertThat(approve.get("lane").asString()).isEqualTo("Approver");
        assertThat(approve.get("pool").asString()).isEqualTo("Invoice Receipt");
        assertThat(approve.get("documentation").asString()).isEqualTo("Approve the invoice (or not).");
        assertThat(elements.get("invoice_approved").get("name").asString()).isEqualTo("Invoice\napproved?");
        assertThat(elements.get("invoice_approved")
                        .get("properties")
                        .get("direction")
                        .asString())
                .isEqualTo("Diverging");
        assertThat(elements.get("reviewInvoice").get("type").asString()).isEqualTo("callActivity");
        assertThat(elements.get("assignApprover").get("type").asString()).isEqualTo("businessRuleTask");
        assertThat(elements.get("StartEvent_1").get("lane").asString()).isEqualTo("Team Assistant");

        Map<String, JsonNode> flows = byId(list("/api/v1/processes/" + imported.id() + "/flows"), "flowId");
        assertThat(flows).hasSize(10);
        assertThat(flows.get("invoiceApproved").get("condition").asString()).isEqualTo("${approved}");
        assertThat(flows.get("invoiceApproved").get("name").asString()).isEqualTo("yes");
        assertThat(flows.get("invoiceNotApproved").get("targetId").asString()).isEqualTo("reviewInvoice");
        // the loop: a rejected invoice is reviewed, and a successful review goes back to approval
        assertThat(flows.get("reviewSuccessful").get("sourceId").asString()).isEqualTo("reviewSuccessful_gw");
        assertThat(flows.get("reviewSuccessful").get("targetId").asString()).isEqualTo("approveInvoice");
    }

    @Test
    void parallelAndInclusiveGatewaysADefaultFlowAndATimerBoundaryEvent() {
        UUID project = project("onboarding");
        Api.Answer imported = upload(project, "customer-onboarding.bpmn", "&name=Onboarding");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        assertThat(imported.text("name")).isEqualTo("Onboarding");
        assertThat(imported.body().get("elements").toString()).isEqualTo("{\"EVENT\":4,\"GATEWAY\":5,\"TASK\":8}");
        assertThat(imported.body().get("flows").toString()).isEqualTo("{\"SEQUENCE\":18}");
        Map<String, JsonNode> elements = byId(list("/api/v1/processes/" + imported.id() + "/elements"), "elementId");
        assertThat(elements.get("Gateway_checks_split").get("type").asString()).isEqualTo("parallelGateway");
        assertThat(elements.get("Gateway_channels").get("type").asString()).isEqualTo("inclusiveGateway");
        assertThat(elements.get("Gateway_channels")
                        .get("properties")
                        .get("defaultFlow")
                        .asString())
                .isEqualTo("Flow_08");
        assertThat(elements.get("Activity_send_sms").get("type").asString()).isEqualTo("sendTask");
        JsonNode overdue = elements.get("Event_review_overdue");
        assertThat(overdue.get("type").asString()).isEqualTo("boundaryEvent");
        assertThat(overdue.get("attachedTo").asString()).isEqualTo("Activity_review");
        assertThat(overdue.get("eventDefinitions").toString()).isEqualTo("[\"timer\"]");
        assertThat(overdue.get("properties").get("cancelActivity").asBoolean()).isFalse();

        Map<String, JsonNode> flows = byId(list("/api/v1/processes/" + imported.id() + "/flows"), "flowId");
        assertThat(flows.get("Flow_08").get("isDefault").asBoolean()).isTrue();
        assertThat(flows.get("Flow_09").get("isDefault").asBoolean()).isFalse();
        assertThat(flows.get("Flow_09").get("condition").asString()).isEqualTo("${phone != null}");
        assertThat(flows.get("Flow_16").get("targetId").asString()).isEqualTo("Activity_review");
        assertThat(list("/api/v1/processes/" + imported.id() + "/elements?category=GATEWAY"))
                .extracting(e -> e.get("elementId").asString())
                .containsExactly(
                        "Gateway_checks_split",
                        "Gateway_checks_join",
                        "Gateway_channels",
                        "Gateway_channels_join",
                        "Gateway_complete");
    }

    @Test
    void poolsExchangeMessagesInASignavioCollaboration() {
        UUID project = project("collaboration");
        Api.Answer imported = upload(project, "invoice-collaboration-signavio.bpmn", "&name=Invoice%20collaboration");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        UUID diagram = imported.id();
        assertThat(list("/api/v1/processes/" + diagram + "/elements?category=POOL"))
                .extracting(e -> e.get("name").asString())
                .containsExactly("Team-Assistenz", "invoice-inbound", "Geschäftsführung");
        List<JsonNode> messages = list("/api/v1/processes/" + diagram + "/flows?kind=MESSAGE");
        assertThat(messages)
                .extracting(f ->
                        f.get("flowId").asString() + ":" + f.get("sourceId").asString() + "->"
                                + f.get("targetId").asString())
                .containsExactly(
                        "messageFlow_10:Freigebenden_zuordnen_143->Freigebender__ist_zuzuordnen_50",
                        "messageFlow_12:Rechnung_kl_ren_148->Rechnung_zu_kl_ren_68",
                        "messageFlow_11:Kl_ren_und_Ergebnis_festhalten_75->Rechnung_kl_ren_148",
                        "messageFlow_14:Freigebenden_zuordnen_57->Freigebenden_zuordnen_143",
                        "messageFlow_13:Rechnung_scannen_und_mailen_36->Rechnung_eingegangen_138");
        Map<String, JsonNode> elements = byId(list("/api/v1/processes/" + diagram + "/elements"), "elementId");
        assertThat(elements.get("eventBasedGateway_62").get("type").asString()).isEqualTo("eventBasedGateway");
        assertThat(elements.get("eventBasedGateway_62").get("pool").asString()).isEqualTo("Team-Assistenz");
        assertThat(elements.get("z_Tage_80").get("eventDefinitions").toString()).isEqualTo("[\"timer\"]");
        assertThat(elements.get("Rechnung_eingegangen_31")
                        .get("eventDefinitions")
                        .toString())
                .isEqualTo("[\"message\"]");
        assertThat(elements.get("Rechnung_scannen_und_mailen_36").get("type").asString())
                .isEqualTo("task");
        assertThat(messages.get(4).get("waypoints").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void hostileOrBrokenDocumentsAreRefusedNamingTheProblemAndNothingIsStored() throws IOException {
        UUID project = project("hostile");
        String processes = "/api/v1/projects/" + project + "/processes";
        String xxe =
                """
                <?xml version="1.0"?>
                <!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
                  <process id="p" name="&secret;"/>
                </definitions>""";
        assertRefused(api.send("POST", processes, xxe, "application/xml"), 400, "body", "DOCTYPE");
        String laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n"
                + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\""
                + " name=\"&lol3;\"/></definitions>";
        assertRefused(api.send("POST", processes, laughs, "application/xml"), 400, "body", "DOCTYPE");
        String unclosed = read("order-fulfilment.bpmn")
                .replace(
                        "</bpmn:serviceTask>\n    <bpmn:serviceTask id=\"Activity_reserve_stock\"",
                        "\n    <bpmn:serviceTask id=\"Activity_reserve_stock\"");
        assertRefused(
                api.send("POST", processes, unclosed, "application/xml"), 400, "body", "not well-formed XML (line");
        assertRefused(
                api.send("POST", processes, "<html><body>not a diagram</body></html>", "application/xml"),
                400,
                "body",
                "its root is <html>");
        String invalid = read("order-fulfilment.bpmn")
                .replace("<bpmn:startEvent ", "<bpmn:beginEvent ")
                .replace("</bpmn:startEvent>", "</bpmn:beginEvent>");
        assertRefused(api.send("POST", processes, invalid, "application/xml"), 400, "body", "not valid BPMN 2.0");
        assertRefused(api.send("POST", processes, "", "application/xml"), 400, "body", "");

        StringBuilder deep = new StringBuilder(
                "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"t\"><process id=\"p\">");
        for (int i = 0; i < 80; i++) {
            deep.append("<subProcess id=\"s").append(i).append("\">");
        }
        deep.append("</subProcess>".repeat(80)).append("</process></definitions>");
        assertRefused(
                api.send("POST", processes, deep.toString(), "application/xml"), 400, "body", "more than 64 deep");

        StringBuilder many = new StringBuilder(
                "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"t\"><process id=\"p\">");
        for (int i = 0; i < 5_001; i++) {
            many.append("<task id=\"t").append(i).append("\"/>");
        }
        many.append("</process></definitions>");
        assertRefused(api.send("POST", processes, many.toString(), "application/xml"), 400, "body", "5001 elements");

        try (RawConnection connection = new RawConnection(farm.baseUrl())) {
            RawConnection.Answer huge = connection
                    .head(
                            "POST",
                            processes,
                            Map.of(
                                    "X-Api-Key",
                                    tenant.apiKey(),
                                    "Content-Type",
                                    "application/xml",
                                    "Expect",
                                    "100-continue",
                                    "Content-Length",
                                    Long.toString(8L * 1024 * 1024 + 1)))
                    .read();
            assertThat(huge.status()).isEqualTo(413);
            assertThat(huge.json().get("limit").asString()).isEqualTo("gantry.processes.max-bytes");
        }
        assertThat(list(processes)).isEmpty();

        // a name taken, another tenant's diagram
        assertThat(upload(project, "order-fulfilment.bpmn", "").status()).isEqualTo(201);
        assertRefused(upload(project, "order-fulfilment.bpmn", ""), 409, "name", "exists");
        UUID mine = UUID.fromString(list(processes).get(0).get("id").asString());
        Api stranger = Scenarios.tenant(operator, aTenant().named("processes-stranger"))
                .api();
        assertThat(stranger.get("/api/v1/processes/" + mine).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/processes/" + mine + "/versions/1/bpmn")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.send(
                                "POST",
                                "/api/v1/processes/" + mine + "/versions",
                                read("order-fulfilment.bpmn"),
                                "application/xml")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/v1/processes/" + mine).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/processes/" + mine).status()).isEqualTo(204);
        assertThat(list(processes)).isEmpty();
    }

    private static UUID project(String name) {
        return api.post("/api/v1/projects", Map.of("name", name + "-" + UUID.randomUUID()))
                .id();
    }

    private static Api.Answer upload(UUID project, String file, String query) {
        return api.send(
                "POST",
                "/api/v1/projects/" + project + "/processes?fileName=" + file + query,
                read(file),
                "application/xml");
    }

    private static List<JsonNode> list(String path) {
        Api.Answer answer = api.get(path);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().valueStream().toList();
    }

    private static Map<String, JsonNode> byId(List<JsonNode> nodes, String field) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.get(field).asString(), n));
        return byId;
    }

    private static void assertRefused(Api.Answer answer, int status, String field, String detail) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.body().get("errors").valueStream()).as(answer.raw()).anySatisfy(e -> {
            assertThat(e.get("field").asString()).isEqualTo(field);
            assertThat(e.get("message").asString()).contains(detail);
        });
    }

    static String read(String file) {
        try {
            return Files.readString(DIAGRAMS.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
