package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.controlplane.suites.CaseLinks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Manual cases (texts, no request, left out of runs and exports), links to stories and defects, the
 * project-wide search and the bulk update of a project's cases.
 */
class CaseCatalogIT {
    static Farm farm;
    static HttpServer target;
    static Api api;
    static Api otherTenant;
    static Scenarios.Workspace workspace;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{\"ok\": true}"));
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        api = Scenarios.tenant(operator, aTenant().named("catalog")).api();
        otherTenant =
                Scenarios.tenant(operator, aTenant().named("catalog-other")).api();
        workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    static UUID suite(UUID project, String name) {
        return api.post("/api/v1/projects/" + project + "/suites", Map.of("name", name))
                .id();
    }

    static Map<String, Object> manual(String name) {
        Map<String, Object> body =
                aCase(name).mode("manual", null).without("request").build();
        body.put("preconditions", "a customer with an open invoice");
        body.put("steps", "1. open the invoice\n2. press \"Download PDF\"");
        body.put("expectedResult", "a PDF of one page");
        return body;
    }

    static JsonNode created(UUID suite, Map<String, Object> body) {
        Api.Answer created = api.post("/api/v1/suites/" + suite + "/cases", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    static void refused(Api.Answer answer, int status, String... fields) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        List<String> named = new ArrayList<>();
        answer.body().get("errors").forEach(e -> named.add(e.get("field").asString()));
        assertThat(named).as(answer.raw()).containsExactlyInAnyOrder(fields);
    }

    static long count(String sql) throws Exception {
        try (var db = farm.database();
                var rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aManualCaseNeedsNoRequestAndKeepsItsTextsButAnAutomatedOneStillNeedsOne() {
        UUID suite = suite(workspace.project(), "manual texts");
        JsonNode manual = created(suite, manual("download the invoice"));
        assertThat(manual.get("mode").asString()).isEqualTo("MANUAL");
        assertThat(manual.get("request").isNull()).isTrue();
        assertThat(manual.get("preconditions").asString()).isEqualTo("a customer with an open invoice");
        assertThat(manual.get("steps").asString()).isEqualTo("1. open the invoice\n2. press \"Download PDF\"");
        assertThat(manual.get("expectedResult").asString()).isEqualTo("a PDF of one page");

        Map<String, Object> automated = aCase("no request").without("request").build();
        refused(api.post("/api/v1/suites/" + suite + "/cases", automated), 400, "request");
        Map<String, Object> tooLong = manual("too long");
        tooLong.put("steps", "x".repeat(10_001));
        refused(api.post("/api/v1/suites/" + suite + "/cases", tooLong), 400, "steps");
        assertThat(api.get("/api/v1/suites/" + suite + "/cases").body().size()).isEqualTo(1);
    }

    @Test
    void runsAndExportsLeaveManualCasesOutAndNothingDependsOnOne() throws Exception {
        UUID suite = suite(workspace.project(), "mixed");
        UUID ping = UUID.fromString(
                created(suite, aCase("ping").get("/ping").build()).get("id").asString());
        UUID byHand = UUID.fromString(
                created(suite, manual("look at the PDF")).get("id").asString());

        JsonNode plan = api.get("/api/v1/suites/" + suite + "/plan?environment=" + workspace.environment())
                .body();
        assertThat(plan.get("chains").toString()).isEqualTo("[[{\"id\":\"" + ping + "\",\"name\":\"ping\"}]]");
        assertThat(plan.get("steps").asLong()).isEqualTo(1);
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", workspace.environment()))
                .id("runId");
        JsonNode ended = api.waitForEnd(run, Duration.ofSeconds(60));
        assertThat(ended.get("status").asString()).isEqualTo("PASSED");
        assertThat(count("select count(*) from run_snapshots where run_id = '" + run
                        + "' and snapshot::text like '%look at the PDF%'"))
                .isZero();

        Api.Answer collection = api.getText("/api/v1/suites/" + suite + "/export/postman");
        assertThat(collection.status()).as(collection.raw()).isEqualTo(200);
        assertThat(collection.header("Gantry-Not-Exported")).contains("1");
        JsonNode items = Api.JSON.readTree(collection.raw()).get("item");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("name").asString()).isEqualTo("ping");
        assertThat(collection.raw()).contains("look at the PDF").contains("manual (done by hand): not exported");

        refused(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("after the look").get("/x").dependsOn(byHand).build()),
                400,
                "dependsOn");
        created(suite, aCase("after ping").get("/x").dependsOn(ping).build());
        refused(
                api.put(
                        "/api/v1/cases/" + ping,
                        aCase("ping").get("/ping").mode("manual", null).build()),
                400,
                "mode");

        UUID allManual = suite(workspace.project(), "all manual");
        created(allManual, manual("only by hand"));
        Api.Answer refusedRun =
                api.post("/api/v1/suites/" + allManual + "/runs", Map.of("environmentId", workspace.environment()));
        assertThat(refusedRun.status()).as(refusedRun.raw()).isEqualTo(422);
        assertThat(refusedRun.text("code")).isEqualTo("empty-suite");
        assertThat(count("select count(*) from runs where suite_id = '" + allManual + "'"))
                .isZero();
    }

    @Test
    void linksAreKeptNormalisedFoundByKeyAndBounded() {
        UUID project = api.post("/api/v1/projects", Map.of("name", "links")).id();
        UUID suite = suite(project, "linked");
        Map<String, Object> body = aCase("pays an invoice").get("/pay").build();
        body.put(
                "links",
                List.of(
                        Map.of("kind", "defect", "key", "BUG-7"),
                        Map.of("kind", "story", "key", " ctp-1234 "),
                        Map.of("kind", "STORY", "key", "CTP-1234")));
        JsonNode linked = created(suite, body);
        assertThat(linked.get("links").toString())
                .isEqualTo("[{\"kind\":\"STORY\",\"key\":\"CTP-1234\"},{\"kind\":\"DEFECT\",\"key\":\"BUG-7\"}]");
        Map<String, Object> other = aCase("refunds").get("/refund").build();
        other.put("links", List.of(Map.of("kind", "story", "key", "CTP-1234")));
        JsonNode second = created(suite, other);
        created(suite, aCase("unlinked").get("/x").build());

        List<CaseLinks.LinkedCase> found =
                farm.controlPlane.getBean(CaseLinks.class).casesLinkedTo(tenantOf(suite), project, "CTP-1234");
        assertThat(found)
                .containsExactly(
                        new CaseLinks.LinkedCase(
                                UUID.fromString(linked.get("id").asString()),
                                "TC_API_001",
                                suite,
                                dev.gantry.controlplane.suites.CaseLink.Kind.STORY),
                        new CaseLinks.LinkedCase(
                                UUID.fromString(second.get("id").asString()),
                                "TC_API_002",
                                suite,
                                dev.gantry.controlplane.suites.CaseLink.Kind.STORY));
        assertThat(names(api.get("/api/v1/suites/" + suite + "/cases?link=bug-7")))
                .containsExactly("pays an invoice");

        Map<String, Object> bad = aCase("bad keys").get("/x").build();
        bad.put("links", List.of(Map.of("kind", "story", "key", "CTP1234"), Map.of("kind", "epic", "key", "CTP-1")));
        refused(api.post("/api/v1/suites/" + suite + "/cases", bad), 400, "links[0].key", "links[1].kind");
        Map<String, Object> many = aCase("many keys").get("/x").build();
        List<Map<String, String>> keys = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            keys.add(Map.of("kind", "story", "key", "CTP-" + i));
        }
        many.put("links", keys);
        refused(api.post("/api/v1/suites/" + suite + "/cases", many), 400, "links");
        refused(api.get("/api/v1/projects/" + project + "/cases?link=not-a-key"), 400, "link");
        assertThat(names(api.get("/api/v1/suites/" + suite + "/cases"))).hasSize(3);
    }

    private static UUID tenantOf(UUID suite) {
        try (var db = farm.database();
                var rs = db.createStatement()
                        .executeQuery("select tenant_id from test_suites where id = '" + suite + "'")) {
            rs.next();
            return rs.getObject(1, UUID.class);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(Api.Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode items = answer.body().isArray() ? answer.body() : answer.body().get("items");
        List<String> names = new ArrayList<>();
        items.forEach(c -> names.add(c.get("name").asString()));
        return names;
    }

    static UUID node(UUID project, String name, UUID parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parent);
        return api.post("/api/v1/projects/" + project + "/modules", body).id();
    }

    static Map<String, Object> filed(String name, UUID module, String... tags) {
        Map<String, Object> body =
                aCase(name).get("/x").filed(List.of(tags), null, null).build();
        if (module != null) {
            body.put("moduleId", module.toString());
        }
        return body;
    }

    @Test
    void theProjectSearchFindsAcrossSuitesBySubTreeAndTextPagedInReadableIdOrder() {
        UUID project = api.post("/api/v1/projects", Map.of("name", "search")).id();
        UUID billing = node(project, "Billing", null);
        UUID invoices = node(project, "Invoices", billing);
        UUID catalog = node(project, "Catalog", null);
        UUID one = suite(project, "one");
        UUID two = suite(project, "two");
        created(one, filed("billing smoke", billing, "smoke"));
        created(two, filed("invoice total", invoices, "regression"));
        created(one, filed("catalog lists", catalog, "smoke"));
        Map<String, Object> manual = manual("pdf by hand");
        manual.put("moduleId", invoices.toString());
        created(two, manual);
        for (int i = 0; i < 9; i++) {
            created(two, filed("filler " + i, null));
        }
        String cases = "/api/v1/projects/" + project + "/cases";

        assertThat(names(api.get(cases + "?module=" + billing)))
                .containsExactly("billing smoke", "invoice total", "pdf by hand");
        assertThat(names(api.get(cases + "?module=" + invoices + "&mode=automated")))
                .containsExactly("invoice total");
        assertThat(names(api.get(cases + "?tag=smoke&suite=" + one))).containsExactly("billing smoke", "catalog lists");
        assertThat(names(api.get(cases + "?q=DOWNLOAD%20PDF"))).containsExactly("pdf by hand");
        assertThat(names(api.get(cases + "?q=tc_api_003"))).containsExactly("catalog lists");

        JsonNode page = api.get(cases + "?limit=5&offset=10").body();
        assertThat(page.get("total").asLong()).isEqualTo(13);
        assertThat(page.get("limit").asInt()).isEqualTo(5);
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(c -> ids.add(c.get("readableId").asString()));
        assertThat(ids).containsExactly("TC_API_011", "TC_API_012", "TC_API_013");

        refused(api.get(cases + "?limit=501"), 400, "limit");
        refused(api.get(cases + "?priority=urgent"), 400, "priority");
        refused(api.get(cases + "?module=" + node(workspace.project(), "Elsewhere", null)), 400, "module");
        refused(api.get(cases + "?suite=" + workspace.suite()), 400, "suite");
        assertThat(otherTenant.get(cases).status()).isEqualTo(404);
    }

    @Test
    void aBulkUpdateChangesEveryCaseNamedOrNone() {
        UUID project = api.post("/api/v1/projects", Map.of("name", "bulk")).id();
        UUID module = node(project, "Checkout", null);
        UUID one = suite(project, "one");
        UUID two = suite(project, "two");
        List<String> ids = new ArrayList<>();
        ids.add(created(one, filed("a", null, "smoke", "old")).get("id").asString());
        ids.add(created(two, filed("b", null)).get("id").asString());
        ids.add(created(two, manual("c")).get("id").asString());
        String cases = "/api/v1/projects/" + project + "/cases";

        Map<String, Object> set = new HashMap<>();
        set.put("priority", "high");
        set.put("moduleId", module.toString());
        set.put("addTags", List.of("Nightly"));
        set.put("removeTags", List.of("old"));
        set.put("addLinks", List.of(Map.of("kind", "story", "key", "CTP-9")));
        Api.Answer answer = api.send(
                "PATCH", cases, Api.JSON.writeValueAsString(Map.of("ids", ids, "set", set)), "application/json");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().toString())
                .isEqualTo("{\"updated\":3,\"readableIds\":[\"TC_API_001\",\"TC_API_002\",\"TC_API_003\"]}");
        JsonNode a = api.get("/api/v1/cases/" + ids.get(0)).body();
        assertThat(a.get("priority").asString()).isEqualTo("HIGH");
        assertThat(a.get("moduleId").asString()).isEqualTo(module.toString());
        assertThat(a.get("tags").toString()).isEqualTo("[\"smoke\",\"nightly\"]");
        assertThat(a.get("links").toString()).isEqualTo("[{\"kind\":\"STORY\",\"key\":\"CTP-9\"}]");
        assertThat(names(api.get(cases + "?link=CTP-9&priority=high&module=" + module)))
                .containsExactly("a", "b", "c");

        // one id of another project: nothing changes, the id is named
        UUID elsewhere = UUID.fromString(
                created(workspace.suite(), aCase("elsewhere").get("/x").build())
                        .get("id")
                        .asString());
        List<Object> withForeign = new ArrayList<>(ids);
        withForeign.add(elsewhere);
        refused(patch(cases, withForeign, Map.of("priority", "low")), 400, "ids[3]");
        refused(patch(cases, List.of(ids.get(0), UUID.randomUUID()), Map.of("priority", "low")), 400, "ids[1]");
        assertThat(names(api.get(cases + "?priority=low"))).isEmpty();
        // the manual case has no request: it cannot become automated, and the others stay as they were
        refused(
                patch(cases, List.of(ids.get(1), ids.get(2)), Map.of("mode", "automated", "type", "negative")),
                400,
                "ids[1].request");
        assertThat(names(api.get(cases + "?type=negative"))).isEmpty();
        refused(
                patch(cases, List.of(ids.get(0)), Map.of("addTags", List.of("not ok"), "priority", "urgent")),
                400,
                "set.addTags[0]",
                "set.priority");
        refused(
                patch(cases, List.of(ids.get(0)), Map.of("addLinks", List.of(Map.of("kind", "story", "key", "x1")))),
                400,
                "set.addLinks[0].key");
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(UUID.randomUUID());
        }
        refused(patch(cases, tooMany, Map.of("priority", "low")), 400, "ids");
        // another tenant: its own project does not hold tenant A's cases, and tenant A's project is not found
        UUID theirs =
                otherTenant.post("/api/v1/projects", Map.of("name", "theirs")).id();
        refused(
                otherTenant.send(
                        "PATCH",
                        "/api/v1/projects/" + theirs + "/cases",
                        Api.JSON.writeValueAsString(Map.of("ids", ids, "set", Map.of("priority", "low"))),
                        "application/json"),
                400,
                "ids[0]");
        assertThat(otherTenant
                        .send(
                                "PATCH",
                                cases,
                                Api.JSON.writeValueAsString(Map.of("ids", ids, "set", Map.of("priority", "low"))),
                                "application/json")
                        .status())
                .isEqualTo(404);
        assertThat(names(api.get(cases + "?priority=high"))).containsExactly("a", "b", "c");
    }

    private static Api.Answer patch(String path, List<?> ids, Map<String, Object> set) {
        return api.send("PATCH", path, Api.JSON.writeValueAsString(Map.of("ids", ids, "set", set)), "application/json");
    }
}
