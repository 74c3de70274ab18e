package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A suite's cases exported as CSV a spreadsheet opens, and imported back: all rows or none. */
class CaseCsvIT {
    static final String HEADER = "test_id,title,module,case_type,priority,tags,test_type,automation_status,"
            + "preconditions,steps_to_reproduce,expected_result,story_keys,defect_keys,method,url,expected_status,"
            + "enabled";

    static Api api;
    static Api otherTenant;
    /** Each test's suite in a project of its own, so that its readable ids start at TC_API_001. */
    static final Map<UUID, UUID> projects = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() {
        Farm farm = Farm.get();
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        api = Scenarios.tenant(operator, aTenant().named("csv")).api();
        otherTenant = Scenarios.tenant(operator, aTenant().named("csv-other")).api();
    }

    static UUID node(UUID project, String name, UUID parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parent);
        return api.post("/api/v1/projects/" + project + "/modules", body).id();
    }

    static void create(UUID suite, Map<String, Object> body) {
        Api.Answer created = api.post("/api/v1/suites/" + suite + "/cases", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    /** Three cases: an automated one filed and linked, a manual one with texts, one whose title looks like a formula. */
    static UUID aFilledSuite(String name) {
        UUID project = api.post("/api/v1/projects", Map.of("name", name)).id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", name))
                .id();
        projects.put(suite, project);
        UUID billing = node(project, "Billing " + name, null);
        UUID invoices = node(project, "Invoices", billing);
        Map<String, Object> login = aCase("login works")
                .get("/login")
                .header("Accept", "application/json")
                .expectStatus(200)
                .expectJson("$.token", "exists", null)
                .filed(List.of("smoke", "regression"), "critical", "happy path")
                .mode("automated", "working")
                .build();
        login.put("moduleId", invoices.toString());
        login.put("links", List.of(Map.of("kind", "story", "key", "CTP-1"), Map.of("kind", "defect", "key", "BUG-2")));
        create(suite, login);
        Map<String, Object> manual = aCase("download by hand")
                .mode("manual", null)
                .without("request")
                .build();
        manual.put("moduleId", billing.toString());
        manual.put("preconditions", "an invoice, \"open\"");
        manual.put("steps", "1. open it\n2. press Download");
        manual.put("expectedResult", "a PDF, one page");
        create(suite, manual);
        create(
                suite,
                aCase("=HYPERLINK(\"x\")")
                        .post("/orders", "{\"n\": 1}")
                        .expectStatus(201)
                        .build());
        return suite;
    }

    static Api.Answer importCsv(Api as, UUID suite, String csv) {
        return as.send("POST", "/api/v1/suites/" + suite + "/cases/import/csv", csv, "text/csv");
    }

    static String export(UUID suite) {
        Api.Answer csv = api.getText("/api/v1/suites/" + suite + "/cases/export/csv");
        assertThat(csv.status()).as(csv.raw()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).contains("text/csv;charset=UTF-8");
        return csv.raw();
    }

    static void refused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.body().get("errors").size()).as(answer.raw()).isEqualTo(1);
        assertThat(answer.body().get("errors").get(0).get("field").asString())
                .as(answer.raw())
                .isEqualTo(field);
    }

    @Test
    void anExportHasAHeaderRowAndOneRowACaseAsASpreadsheetReadsIt() {
        UUID suite = aFilledSuite("export");
        String csv = export(suite);
        assertThat(csv).startsWith("\uFEFF");
        String[] lines = csv.substring(1).split("\n");
        assertThat(lines[0]).isEqualTo(HEADER);
        assertThat(lines[1])
                .isEqualTo("TC_API_001,login works,Billing export/Invoices,happy path,critical,\"smoke,regression\","
                        + "automated,working,,,,CTP-1,BUG-2,GET,/login,200,true");
        assertThat(csv)
                .contains("download by hand,Billing export,,,,manual,,\"an invoice, \"\"open\"\"\",\"1. open it\n"
                        + "2. press Download\",\"a PDF, one page\",,,,,,true")
                .contains(",\"'=HYPERLINK(\"\"x\"\")\",,,,,automated,,,,,,,POST,/orders,201,true");
    }

    @Test
    void anExportImportedAgainLeavesTheSuiteAsItWas() {
        UUID suite = aFilledSuite("round trip");
        String cases = api.get("/api/v1/suites/" + suite + "/cases").raw();
        int version = api.get("/api/v1/suites/" + suite).body().get("version").asInt();

        Api.Answer imported = importCsv(api, suite, export(suite));
        assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
        assertThat(imported.body().toString()).isEqualTo("{\"created\":0,\"updated\":0,\"unchanged\":3}");
        assertThat(api.get("/api/v1/suites/" + suite + "/cases").raw()).isEqualTo(cases);
        assertThat(api.get("/api/v1/suites/" + suite).body().get("version").asInt())
                .isEqualTo(version);
    }

    @Test
    void rowsUpdateTheCasesTheyNameCreateTheOthersAndTheirModulesAndKeepWhatNoColumnHolds() {
        UUID suite = aFilledSuite("import");
        String csv = "\uFEFFtest_id,title,priority,story_keys,test_type,module,steps_to_reproduce,method,url,"
                + "expected_status\r\n"
                + "tc_api_001,login works,low,\"CTP-1, CTP-77\",automated,Billing import/Invoices,,GET,/login/v2,"
                + "\"200,2xx\"\r\n"
                + ",reopen a ticket,,,manual,Support/Tickets/Reopen,\"1. reopen\n2. look\",,,\r\n"
                + ",new order,high,,,,,POST,/orders/new,201\r\n";
        String boundary = "gantry-boundary";
        String multipart = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"cases.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + csv + "\r\n--" + boundary + "--\r\n";
        Api.Answer imported = api.send(
                "POST",
                "/api/v1/suites/" + suite + "/cases/import/csv",
                multipart,
                "multipart/form-data; boundary=" + boundary);
        assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
        assertThat(imported.body().toString()).isEqualTo("{\"created\":2,\"updated\":1,\"unchanged\":0}");

        JsonNode all = api.get("/api/v1/suites/" + suite + "/cases").body();
        JsonNode login = all.get(0);
        assertThat(login.get("priority").asString()).isEqualTo("LOW");
        // a column the file does not have leaves its field as it was
        assertThat(login.get("type").asString()).isEqualTo("HAPPY_PATH");
        assertThat(login.get("tags").toString()).isEqualTo("[\"smoke\",\"regression\"]");
        assertThat(login.get("automationStatus").asString()).isEqualTo("WORKING");
        assertThat(login.get("links").toString())
                .isEqualTo("[{\"kind\":\"STORY\",\"key\":\"CTP-1\"},{\"kind\":\"STORY\",\"key\":\"CTP-77\"},"
                        + "{\"kind\":\"DEFECT\",\"key\":\"BUG-2\"}]");
        assertThat(login.get("request").get("path").asString()).isEqualTo("/login/v2");
        // what no column holds stays: the header and the JSON check
        assertThat(login.get("request").get("headers").toString()).isEqualTo("{\"Accept\":\"application/json\"}");
        assertThat(login.get("expectations").get("jsonPath").get(0).get("path").asString())
                .isEqualTo("$.token");
        assertThat(login.get("expectations").get("status").toString()).isEqualTo("[200]");
        assertThat(login.get("expectations").get("statusClasses").toString()).isEqualTo("[\"2xx\"]");

        JsonNode reopen = all.get(3);
        assertThat(reopen.get("readableId").asString()).isEqualTo("TC_API_004");
        assertThat(reopen.get("name").asString()).isEqualTo("reopen a ticket");
        assertThat(reopen.get("mode").asString()).isEqualTo("MANUAL");
        assertThat(reopen.get("steps").asString()).isEqualTo("1. reopen\n2. look");
        assertThat(reopen.get("request").isNull()).isTrue();
        JsonNode order = all.get(4);
        assertThat(order.get("readableId").asString()).isEqualTo("TC_API_005");
        assertThat(order.get("name").asString()).isEqualTo("new order");
        assertThat(order.get("priority").asString()).isEqualTo("HIGH");
        assertThat(order.get("request").get("method").asString()).isEqualTo("POST");
        assertThat(order.get("expectations").get("status").toString()).isEqualTo("[201]");

        JsonNode tree =
                api.get("/api/v1/projects/" + projects.get(suite) + "/modules").body();
        JsonNode support = null;
        for (JsonNode m : tree.get("modules")) {
            if (m.get("name").asString().equals("Support")) {
                support = m;
            }
        }
        assertThat(support).as(tree.toString()).isNotNull();
        assertThat(support.get("children").get(0).get("name").asString()).isEqualTo("Tickets");
        JsonNode feature = support.get("children").get(0).get("children").get(0);
        assertThat(feature.get("name").asString()).isEqualTo("Reopen");
        assertThat(feature.get("level").asString()).isEqualTo("FEATURE");
        assertThat(feature.get("id").asString())
                .isEqualTo(reopen.get("moduleId").asString());
    }

    @Test
    void aBrokenRowIsNamedByRowAndColumnAndNothingIsStored() {
        UUID suite = aFilledSuite("broken");
        String before = api.get("/api/v1/suites/" + suite + "/cases").raw();
        String modules =
                api.get("/api/v1/projects/" + projects.get(suite) + "/modules").raw();

        refused(
                importCsv(
                        api,
                        suite,
                        "title,test_type,module,priority\nfine,manual,Broken/Path,low\nnot fine,manual,,urgent\n"),
                400,
                "rows[1].priority");
        refused(importCsv(api, suite, "title,test_id\nx,TC_API_999\n"), 400, "rows[0].test_id");
        refused(
                importCsv(api, suite, "title,test_type,story_keys\nx,manual,\"CTP-1,nope\"\n"),
                400,
                "rows[0].story_keys");
        refused(
                importCsv(api, suite, "title,test_type,defect_keys\nx,manual,BUG-1\ny,manual,bug\n"),
                400,
                "rows[1].defect_keys");
        refused(importCsv(api, suite, "title,test_type\nno request,automated\n"), 400, "rows[0].method");
        refused(importCsv(api, suite, "title,method,url\nlogin works,GET,/x\n"), 409, "rows[0].title");
        refused(importCsv(api, suite, "title,colour\nx,red\n"), 400, "columns[1]");
        refused(importCsv(api, suite, "title,module\nx,A/B/C/D\n"), 400, "rows[0].module");
        StringBuilder many = new StringBuilder("title,test_type\n");
        for (int i = 0; i <= 5_000; i++) {
            many.append("case ").append(i).append(",manual\n");
        }
        refused(importCsv(api, suite, many.toString()), 400, "rows");

        assertThat(api.get("/api/v1/suites/" + suite + "/cases").raw()).isEqualTo(before);
        assertThat(api.get("/api/v1/projects/" + projects.get(suite) + "/modules")
                        .raw())
                .isEqualTo(modules);
        List<Integer> statuses = new ArrayList<>();
        statuses.add(importCsv(otherTenant, suite, "title\nx\n").status());
        statuses.add(otherTenant
                .getText("/api/v1/suites/" + suite + "/cases/export/csv")
                .status());
        assertThat(statuses).containsExactly(404, 404);
    }
}
