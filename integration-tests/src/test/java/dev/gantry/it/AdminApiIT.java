package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin REST API's answers to bad input, unknown ids, other tenants and roles. */
class AdminApiIT {
    static Farm farm;
    static Api admin;
    static Api api;
    static UUID project;
    static UUID suite;
    static UUID environment;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        admin = new Api(farm.baseUrl(), farm.adminKey);
        api = admin.as(tenant("Free"));
        project = api.post("/api/v1/projects", Map.of("name", "p")).id();
        suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "s"))
                .id();
        environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of("name", "e", "baseUrl", "http://127.0.0.1:9"))
                .id();
    }

    static String tenant(String plan) {
        return Scenarios.tenant(admin, aTenant().onPlan(plan)).apiKey();
    }

    private static JsonNode badRequestNaming(Api.Answer answer, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("invalid-input");
        assertThat(answer.body().get("errors").findValuesAsString("field"))
                .as(answer.raw())
                .contains(field);
        assertThat(answer.text("detail")).contains(field);
        return answer.body();
    }

    private static int caseCount() {
        return api.get("/api/v1/suites/" + suite + "/cases").body().size();
    }

    @Test
    void unknownMethodIsRejectedNamingTheField() {
        int before = caseCount();
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x").request("FETCH", "/a").build()),
                "request.method");
        assertThat(caseCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonPathIsRejectedNamingTheField() {
        int before = caseCount();
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x")
                                .get("/a")
                                .expectJson("$.items[?(@.price >", "equals", "1")
                                .build()),
                "expectations.jsonPath[0].path");
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x").get("/a").extract("id", "BODY", "$..[").build()),
                "extractions[0].expression");
        assertThat(caseCount()).isEqualTo(before);
    }

    @Test
    void missingFieldsAreRejectedNamingThem() {
        int before = caseCount();
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x").without("request").build()),
                "request");
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x").get("/a").without("name").build()),
                "name");
        badRequestNaming(api.post("/api/v1/projects", Map.of("description", "no name")), "name");
        badRequestNaming(api.post("/api/v1/suites/" + suite + "/runs", Map.of()), "environmentId");
        assertThat(caseCount()).isEqualTo(before);
    }

    @Test
    void malformedTemplatesRegexesAndBodiesAreRejected() {
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x").get("/items/{{id").build()),
                "request.path");
        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("x")
                                .get("/a")
                                .expectJson("$.a", "matches", "([a-z")
                                .build()),
                "expectations.jsonPath[0].expected");
        badRequestNaming(api.post("/api/v1/suites/" + suite + "/cases", "{\"name\": \"x\", \"request\": "), "body");
        badRequestNaming(
                api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of("name", "bad", "baseUrl", "ftp://example.com")),
                "baseUrl");
        badRequestNaming(
                api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of("name", "metadata", "baseUrl", "http://169.254.169.254/latest")),
                "baseUrl");
        badRequestNaming(
                api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "metadata-token",
                                "baseUrl",
                                "http://127.0.0.1:1",
                                "secrets",
                                Map.of("clientSecret", "s3cr3t-value"),
                                "auth",
                                Map.of(
                                        "type",
                                        "oauth2ClientCredentials",
                                        "tokenUrl",
                                        "http://metadata.google.internal/computeMetadata/v1/token",
                                        "username",
                                        "client",
                                        "password",
                                        "{{clientSecret}}"))),
                "auth.tokenUrl");
        badRequestNaming(api.get("/api/v1/runs/not-a-uuid"), "id");
    }

    @Test
    void anUpdateWithBadInputLeavesTheStoredCaseUnchanged() {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("keep me").get("/health").expectStatus(200).build());
        assertThat(created.status()).isEqualTo(201);
        badRequestNaming(
                api.put(
                        "/api/v1/cases/" + created.id(),
                        aCase("keep me").request("FETCH", "/x").build()),
                "request.method");
        String path = "/api/v1/cases/" + created.id();
        badRequestNaming(
                api.put(
                        path,
                        aCase("keep me")
                                .get("/health")
                                .expectJson("$[?(@.a", "exists", null)
                                .build()),
                "expectations.jsonPath[0].path");
        badRequestNaming(
                api.put(
                        path,
                        aCase("keep me")
                                .get("/health")
                                .expectJson("$.a", "matches", "(unclosed")
                                .build()),
                "expectations.jsonPath[0].expected");
        badRequestNaming(
                api.put(
                        path,
                        aCase("keep me")
                                .get("/health")
                                .expectSchema(Map.of("type", 5))
                                .build()),
                "expectations.jsonSchema");
        badRequestNaming(api.put(path, aCase("keep me").get("/health/{{broken").build()), "request.path");
        JsonNode stored = api.get("/api/v1/cases/" + created.id()).body();
        assertThat(stored.get("request").get("method").asString()).isEqualTo("GET");
        assertThat(stored.get("request").get("path").asString()).isEqualTo("/health");
        assertThat(stored.get("expectations").get("status").get(0).asInt()).isEqualTo(200);
        assertThat(stored.get("expectations").get("jsonPath").isEmpty())
                .as(stored.toString())
                .isTrue();
        assertThat(api.delete("/api/v1/cases/" + created.id()).status()).isEqualTo(204);
    }

    @Test
    void dependencyCyclesAreRejected() {
        UUID a = api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("a").get("/a").build())
                .id();
        UUID b = api.post(
                        "/api/v1/suites/" + suite + "/cases",
                        aCase("b").get("/b").dependsOn(a).build())
                .id();
        badRequestNaming(
                api.put("/api/v1/cases/" + a, aCase("a").get("/a").dependsOn(b).build()), "dependsOn");
        assertThat(api.delete("/api/v1/cases/" + a).status()).isEqualTo(409);
        api.delete("/api/v1/cases/" + b);
        api.delete("/api/v1/cases/" + a);
    }

    @Test
    void aRunOfASuiteWithoutCasesIsUnprocessableAndStoresNothing() throws Exception {
        UUID empty = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "empty"))
                .id();
        Api.Answer answer = api.post("/api/v1/suites/" + empty + "/runs", Map.of("environmentId", environment));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(422);
        assertThat(answer.text("code")).isEqualTo("empty-suite");
        try (var db = farm.database()) {
            var rs = db.createStatement().executeQuery("select count(*) from runs where suite_id = '" + empty + "'");
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void unknownIdsAndOtherTenantsIdsAreNotFound() {
        assertThat(api.get("/api/v1/projects/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/runs/" + UUID.randomUUID()).status()).isEqualTo(404);
        Api other = admin.as(tenant("Pro"));
        assertThat(other.get("/api/v1/projects/" + project).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/suites/" + suite).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/environments/" + environment).status()).isEqualTo(404);
        assertThat(other.post(
                                "/api/v1/suites/" + suite + "/cases",
                                aCase("x").get("/a").build())
                        .status())
                .isEqualTo(404);
        assertThat(other.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                        .status())
                .isEqualTo(404);
        assertThat(other.get("/api/v1/projects").body().size()).isZero();
    }

    @Test
    void keysAndRolesAreEnforced() {
        assertThat(api.as(null).get("/api/v1/projects").status()).isEqualTo(401);
        assertThat(api.as("gk_wrong").get("/api/v1/projects").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/admin/tenants", aTenant().onPlan("Free").build())
                        .status())
                .isEqualTo(403);
        UUID tenantId =
                Scenarios.tenant(admin, aTenant().named("v").onPlan("Free")).id();
        Api viewer = Scenarios.user(admin, tenantId, "VIEWER");
        assertThat(viewer.get("/api/v1/projects").status()).isEqualTo(200);
        Api.Answer refused = viewer.post("/api/v1/projects", Map.of("name", "nope"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("code")).isEqualTo("forbidden");
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Api.Answer docs = api.as(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").has("/api/v1/suites/{suiteId}/runs"))
                .isTrue();
    }

    @Test
    void thePlanShowsExactCountsBeforeARunAndStoresNothing() throws Exception {
        UUID planned = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "planned"))
                .id();
        UUID login = api.post(
                        "/api/v1/suites/" + planned + "/cases",
                        aCase("login").get("/login").build())
                .id();
        api.post(
                "/api/v1/suites/" + planned + "/cases",
                aCase("me").get("/me").dependsOn(login).build());
        api.post(
                "/api/v1/suites/" + planned + "/cases",
                aCase("health").get("/health").build());
        api.post(
                "/api/v1/suites/" + planned + "/data-sets",
                Map.of("name", "rows", "rows", List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3))));
        api.post(
                "/api/v1/suites/" + planned + "/data-sets",
                Map.of("name", "off", "enabled", false, "rows", List.of(Map.of("n", 4))));

        JsonNode plan = api.get("/api/v1/suites/" + planned + "/plan?environment=" + environment)
                .body();
        assertThat(plan.get("chains")).hasSize(2);
        assertThat(plan.get("chains").get(0).findValuesAsString("name")).containsExactly("login", "me");
        assertThat(plan.get("dataRows").asInt()).isEqualTo(3);
        assertThat(plan.get("workItems").asLong()).isEqualTo(6);
        assertThat(plan.get("steps").asLong()).isEqualTo(9);
        assertThat(plan.get("partitions").asLong()).isEqualTo(1);
        badRequestNaming(api.get("/api/v1/suites/" + planned + "/plan"), "environment");
        try (var db = farm.database()) {
            var rs = db.createStatement().executeQuery("select count(*) from runs where suite_id = '" + planned + "'");
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void dataSetsComeAsObjectsAsTablesOrAsCsv() {
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "data-forms"))
                .id();
        Api.Answer table = api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of(
                        "name",
                        "table",
                        "columns",
                        List.of("name", "price"),
                        "rows",
                        List.of(List.of("a", 1), List.of("b", 2))));
        assertThat(table.status()).as(table.raw()).isEqualTo(201);
        assertThat(table.body().get("rows").get(1).get("name").asString()).isEqualTo("b");
        assertThat(table.body().get("rows").get(1).get("price").asInt()).isEqualTo(2);

        Api.Answer csv = api.send(
                "POST",
                "/api/v1/suites/" + suite + "/data-sets/csv?name=upload",
                "name,price\nc,3\n\"d, the second\",4\n",
                "text/csv");
        assertThat(csv.status()).as(csv.raw()).isEqualTo(201);
        assertThat(csv.body().get("rowCount").asInt()).isEqualTo(2);
        assertThat(csv.body().get("rows").get(1).get("name").asString()).isEqualTo("d, the second");

        badRequestNaming(
                api.post(
                        "/api/v1/suites/" + suite + "/data-sets",
                        Map.of(
                                "name",
                                "ragged",
                                "columns",
                                List.of("a", "b"),
                                "rows",
                                List.of(List.of(1, 2), List.of(3)))),
                "rows[1]");
        badRequestNaming(
                api.send(
                        "POST",
                        "/api/v1/suites/" + suite + "/data-sets/csv?name=bad",
                        "a,b\n1,\"unterminated\n",
                        "text/csv"),
                "body");
        assertThat(api.get("/api/v1/suites/" + suite + "/data-sets").body()).hasSize(2);
    }
}
