package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A process's tasks bound to the endpoints of a realistic shop specification: the right endpoint is
 * the first suggestion for every task, the score's parts are shown, and each binding says who made it
 * and how (by hand, a suggestion confirmed, suggested in bulk); bindings outlive a new version of the
 * diagram; bad requests are refused naming the field.
 */
class ProcessBindingsIT {
    static final String SPEC = "shop-orders-api.yaml";

    static Farm farm;
    static Api operator;
    static Scenarios.Tenant tenant;
    static Api api;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        operator = new Api(farm.baseUrl(), farm.adminKey);
        tenant = Scenarios.tenant(operator, aTenant().named("bindings").adminNamed("Grace Analyst"));
        api = tenant.api();
    }

    /** A project with the shop specification active and a diagram uploaded. */
    record Shop(UUID project, UUID spec, UUID diagram) {
        /** The id of the specification's endpoint of that operationId. */
        String endpoint(Api api, String operationId) {
            for (JsonNode e : api.get("/api/v1/specs/" + spec).body().get("endpoints")) {
                if (operationId.equals(e.get("operationId").asString())) {
                    return e.get("id").asString();
                }
            }
            throw new AssertionError("no operation " + operationId);
        }
    }

    static UUID diagram(Api api, String file) {
        return shop(api, file).diagram();
    }

    static Shop shop(Api api, String file) {
        UUID project = api.post("/api/v1/projects", Map.of("name", "shop-" + UUID.randomUUID()))
                .id();
        Api.Answer spec = api.send(
                "POST",
                "/api/v1/projects/" + project + "/specs?label=shop",
                ProcessImportIT.read(SPEC),
                "application/yaml");
        assertThat(spec.status()).as(spec.raw()).isEqualTo(201);
        Api.Answer diagram = api.send(
                "POST", "/api/v1/projects/" + project + "/processes", ProcessImportIT.read(file), "application/xml");
        assertThat(diagram.status()).as(diagram.raw()).isEqualTo(201);
        return new Shop(project, spec.id(), diagram.id());
    }

    static Map<String, JsonNode> tasks(Api api, UUID diagram, String query) {
        Api.Answer answer = api.get("/api/v1/processes/" + diagram + "/bindings" + query);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        answer.body().get("tasks").forEach(t -> tasks.put(t.get("elementId").asString(), t));
        return tasks;
    }

    private static String first(JsonNode task) {
        return task.get("suggestions").get(0).get("operationId").asString();
    }

    @Test
    void theRightEndpointIsTheFirstSuggestionForEveryTaskOfBothOrderProcesses() {
        Map<String, JsonNode> cancellation = tasks(api, diagram(api, "order-with-cancellation.bpmn"), "");
        Map<String, String> firsts = new LinkedHashMap<>();
        cancellation.forEach((id, task) -> firsts.put(task.get("name").asString(), first(task)));
        assertThat(firsts)
                .containsExactly(
                        Map.entry("Create order", "createOrder"),
                        Map.entry("Reserve stock", "reserveStock"),
                        Map.entry("Charge payment", "chargePayment"),
                        Map.entry("Ship order", "createShipment"),
                        Map.entry("Check order status", "getOrder"),
                        Map.entry("Cancel order", "cancelOrder"));

        Map<String, JsonNode> fulfilment = tasks(api, diagram(api, "order-fulfilment.bpmn"), "");
        assertThat(fulfilment.values())
                .extracting(t -> t.get("name").asString() + " → " + first(t))
                .containsExactly(
                        "Create order → createOrder",
                        "Reserve stock → reserveStock",
                        "Charge payment → chargePayment",
                        "Ship order → createShipment");

        // every task has three suggestions, best first, nothing bound yet
        cancellation.values().forEach(task -> {
            assertThat(task.get("suggestions").size()).isEqualTo(3);
            assertThat(task.get("binding").isNull()).isTrue();
            double one = task.get("suggestions").get(0).get("confidence").asDouble();
            double two = task.get("suggestions").get(1).get("confidence").asDouble();
            assertThat(one).as(task.get("name").asString()).isGreaterThan(two);
        });
    }

    @Test
    void theScoreIsExplainedPartByPart() {
        JsonNode cancel =
                tasks(api, diagram(api, "order-with-cancellation.bpmn"), "").get("Activity_cancel_order");
        JsonNode top = cancel.get("suggestions").get(0);
        assertThat(top.get("method").asString() + " " + top.get("path").asString())
                .isEqualTo("DELETE /orders/{orderId}");
        // "Cancel order" against cancelOrder, "Cancel an order", DELETE; documentation "Cancel the order
        // the warehouse cannot serve." shares cancel and order of its five words
        Map<String, String> parts = new LinkedHashMap<>();
        top.get("parts")
                .forEach(p -> parts.put(
                        p.get("part").asString(),
                        p.get("weight").asDouble() + "×" + p.get("value").asDouble() + " " + p.get("matched")));
        assertThat(parts)
                .containsExactly(
                        Map.entry("operationId", "0.3×1.0 [\"cancel\",\"order\"]"),
                        Map.entry("resource", "0.3×1.0 [\"cancel\",\"order\"]"),
                        Map.entry("summary", "0.15×1.0 [\"cancel\",\"order\"]"),
                        Map.entry("documentation", "0.1×0.4 [\"cancel\",\"order\"]"),
                        Map.entry("verb", "0.15×1.0 [\"cancel → DELETE\"]"));
        assertThat(top.get("confidence").asDouble()).isEqualTo(0.94);
    }

    @Test
    void aBindingSaysWhoMadeItAndHowAndOutlivesANewVersion() {
        Shop shop = shop(api, "order-with-cancellation.bpmn");
        UUID diagram = shop.diagram();
        String base = "/api/v1/processes/" + diagram + "/bindings";
        Map<String, JsonNode> tasks = tasks(api, diagram, "");
        // by hand: the distractor listOrders for "Check order status"
        String listOrders = shop.endpoint(api, "listOrders");
        Api.Answer manual = api.put(base + "/Activity_check_status", Map.of("endpointId", listOrders));
        assertThat(manual.status()).as(manual.raw()).isEqualTo(200);
        assertThat(manual.text("how")).isEqualTo("MANUAL");
        assertThat(manual.text("method") + " " + manual.text("path")).isEqualTo("GET /orders");
        assertThat(manual.body().get("confidence").isNull()).isTrue();
        assertThat(manual.body().get("boundBy").get("id").asString())
                .isEqualTo(tenant.adminUser().toString());
        assertThat(manual.body().get("boundBy").get("name").asString()).isEqualTo("Grace Analyst");

        // the top suggestion confirmed
        Api.Answer confirmed = api.put(base + "/Activity_create_order", Map.of("accept", true));
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        assertThat(confirmed.text("how")).isEqualTo("CONFIRMED");
        assertThat(confirmed.text("operationId")).isEqualTo("createOrder");
        assertThat(confirmed.body().get("confidence").asDouble())
                .isEqualTo(tasks.get("Activity_create_order")
                        .get("suggestions")
                        .get(0)
                        .get("confidence")
                        .asDouble());

        // the rest suggested in bulk above the threshold
        Api.Answer suggested = api.post(base + "/suggest", Map.of("threshold", 0.5));
        assertThat(suggested.status()).as(suggested.raw()).isEqualTo(200);
        assertThat(suggested.body().get("alreadyBound").asInt()).isEqualTo(2);
        assertThat(suggested.body().get("bound").valueStream().map(b -> b.get("elementId")
                        .asString()))
                .containsExactly(
                        "Activity_reserve_stock",
                        "Activity_charge_payment",
                        "Activity_ship_order",
                        "Activity_cancel_order");
        assertThat(suggested.body().get("belowThreshold").size()).isZero();

        Map<String, JsonNode> bound = tasks(api, diagram, "");
        assertThat(bound.values())
                .extracting(t -> t.get("elementId").asString() + ":"
                        + t.get("binding").get("how").asString() + ":"
                        + t.get("binding").get("operationId").asString())
                .containsExactly(
                        "Activity_create_order:CONFIRMED:createOrder",
                        "Activity_reserve_stock:SUGGESTED:reserveStock",
                        "Activity_charge_payment:SUGGESTED:chargePayment",
                        "Activity_ship_order:SUGGESTED:createShipment",
                        "Activity_check_status:MANUAL:listOrders",
                        "Activity_cancel_order:SUGGESTED:cancelOrder");
        assertThat(bound.get("Activity_ship_order")
                        .get("binding")
                        .get("boundBy")
                        .get("name")
                        .asString())
                .isEqualTo("Grace Analyst");

        // accepting a suggested binding confirms that endpoint
        Api.Answer accepted = api.put(base + "/Activity_ship_order", Map.of("accept", true));
        assertThat(accepted.text("how") + ":" + accepted.text("operationId")).isEqualTo("CONFIRMED:createShipment");

        // a new version with the same element ids keeps them; one without a task does not list it
        Api.Answer v2 = api.send(
                "POST",
                "/api/v1/processes/" + diagram + "/versions",
                ProcessImportIT.read("order-fulfilment.bpmn"),
                "application/xml");
        assertThat(v2.status()).as(v2.raw()).isEqualTo(201);
        Map<String, JsonNode> second = tasks(api, diagram, "");
        assertThat(second.values())
                .extracting(t -> t.get("elementId").asString() + ":"
                        + t.get("binding").get("how").asString())
                .containsExactly(
                        "Activity_create_order:CONFIRMED",
                        "Activity_reserve_stock:SUGGESTED",
                        "Activity_charge_payment:SUGGESTED",
                        "Activity_ship_order:CONFIRMED");
        assertThat(tasks(api, diagram, "?version=1")
                        .get("Activity_check_status")
                        .get("binding")
                        .get("how")
                        .asString())
                .isEqualTo("MANUAL");

        assertThat(api.delete(base + "/Activity_ship_order").status()).isEqualTo(204);
        assertThat(tasks(api, diagram, "")
                        .get("Activity_ship_order")
                        .get("binding")
                        .isNull())
                .isTrue();
        assertThat(api.delete(base + "/Activity_ship_order").status()).isEqualTo(404);
    }

    @Test
    void hostileBindingRequestsAreRefusedNamingTheField() {
        UUID diagram = diagram(api, "order-with-cancellation.bpmn");
        String base = "/api/v1/processes/" + diagram + "/bindings";
        // another project's specification, alike in every way but its ids
        String foreign = shop(api, "order-fulfilment.bpmn").endpoint(api, "createOrder");

        assertRefused(api.put(base + "/Activity_nope", Map.of("accept", true)), 400, "elementId", "no element");
        assertRefused(api.put(base + "/Gateway_stock", Map.of("accept", true)), 400, "elementId", "exclusiveGateway");
        assertRefused(
                api.put(base + "/Activity_create_order", Map.of("endpointId", foreign)),
                400,
                "endpointId",
                "not an endpoint of the project's active specification");
        assertRefused(
                api.put(base + "/Activity_create_order", Map.of("endpointId", UUID.randomUUID())),
                400,
                "endpointId",
                "not an endpoint");
        assertRefused(api.put(base + "/Activity_create_order", Map.of()), 400, "endpointId", "either");
        assertRefused(
                api.put(base + "/Activity_create_order", Map.of("endpointId", foreign, "accept", true)),
                400,
                "endpointId",
                "either");
        assertRefused(api.post(base + "/suggest", Map.of("threshold", 2)), 400, "threshold", "between 0 and 1");
        assertRefused(api.get(base + "?version=9"), 400, "version", "versions 1 to 1");
        assertRefused(api.post(base + "/suggest", Map.of("version", 0)), 400, "version", "versions 1 to 1");

        // another tenant does not see the diagram
        Api stranger = Scenarios.tenant(operator, aTenant().named("stranger")).api();
        assertThat(stranger.get(base).status()).isEqualTo(404);
        assertThat(stranger.put(base + "/Activity_create_order", Map.of("accept", true))
                        .status())
                .isEqualTo(404);
        // nothing was bound by the refusals
        assertThat(tasks(api, diagram, "").values())
                .allSatisfy(t -> assertThat(t.get("binding").isNull()).isTrue());

        // without an active specification there is nothing to bind to
        UUID bare = api.post("/api/v1/projects", Map.of("name", "bare-" + UUID.randomUUID()))
                .id();
        UUID plain = api.send(
                        "POST",
                        "/api/v1/projects/" + bare + "/processes",
                        ProcessImportIT.read("order-fulfilment.bpmn"),
                        "application/xml")
                .id();
        assertRefused(
                api.put("/api/v1/processes/" + plain + "/bindings/Activity_create_order", Map.of("accept", true)),
                422,
                "specification",
                "no active API specification");
    }

    static void assertRefused(Api.Answer answer, int status, String field, String detail) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.body().get("errors").valueStream()).as(answer.raw()).anySatisfy(e -> {
            assertThat(e.get("field").asString()).isEqualTo(field);
            assertThat(e.get("message").asString()).contains(detail);
        });
    }

    static List<String> names(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
