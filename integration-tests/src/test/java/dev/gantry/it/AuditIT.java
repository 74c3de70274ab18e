package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit log: every successful change through the API, by whom, on what; failed attempts and
 * reads are not changes; a tenant's administrators see their tenant's entries only, operators all.
 */
class AuditIT {
    static Farm farm;
    static Api admin;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    @Test
    void changesAreKeptWithWhoAndWhatAndOnlyTheirTenantSeesThem() {
        Scenarios.Tenant created = Scenarios.tenant(admin, aTenant().named("audited"));
        UUID tenant = created.id();
        UUID tenantAdmin = created.adminUser();
        Api api = created.api();

        UUID project = api.post("/api/v1/projects", Map.of("name", "audited")).id();
        assertThat(api.put("/api/v1/projects/" + project, Map.of("name", "audited, renamed"))
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/projects", Map.of("description", "no name"))
                        .status())
                .isEqualTo(400);
        api.get("/api/v1/projects/" + project);
        Api.Answer environment = api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of("name", "e", "baseUrl", "http://127.0.0.1:9", "secrets", Map.of("token", "t0p-s3cr3t")));
        assertThat(environment.status()).isEqualTo(201);
        assertThat(api.delete("/api/v1/environments/" + environment.id()).status())
                .isEqualTo(204);
        assertThat(admin.put("/api/v1/admin/tenants/" + tenant + "/subscription", Map.of("plan", "Enterprise"))
                        .status())
                .isEqualTo(200);

        Api.Answer own = api.get("/api/v1/audit?limit=10");
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(own.raw()).doesNotContain("t0p-s3cr3t");
        List<JsonNode> entries = own.body().valueStream().toList();
        assertThat(entries)
                .extracting(e -> e.get("action").asString())
                .containsExactly(
                        "DELETE /api/v1/environments/{id}",
                        "POST /api/v1/projects/{projectId}/environments",
                        "PUT /api/v1/projects/{id}",
                        "POST /api/v1/projects");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("tenantId").asString()).isEqualTo(tenant.toString());
            assertThat(e.get("userId").asString()).isEqualTo(tenantAdmin.toString());
            assertThat(e.get("role").asString()).isEqualTo("ADMIN");
        });
        assertThat(entries.get(0).get("target").get("id").asString())
                .isEqualTo(environment.id().toString());
        assertThat(entries.get(0).get("status").asInt()).isEqualTo(204);
        assertThat(entries.get(2).get("target").get("id").asString()).isEqualTo(project.toString());

        // a page further back, by the smallest id seen
        long oldest = entries.get(1).get("id").asLong();
        assertThat(api.get("/api/v1/audit?limit=10&before=" + oldest)
                        .body()
                        .valueStream()
                        .map(e -> e.get("action").asString())
                        .toList())
                .containsExactly("PUT /api/v1/projects/{id}", "POST /api/v1/projects");

        // the operator's change of the tenant's plan is the operator's entry, naming the tenant
        JsonNode planChange = admin.get("/api/v1/admin/audit?limit=500")
                .body()
                .valueStream()
                .filter(e -> e.get("action").asString().equals("PUT /api/v1/admin/tenants/{tenantId}/subscription"))
                .filter(e -> e.get("target").get("tenantId").asString().equals(tenant.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(planChange.get("tenantId").asString()).isNotEqualTo(tenant.toString());
        assertThat(admin.get("/api/v1/admin/audit?userId="
                                + planChange.get("userId").asString())
                        .body()
                        .valueStream()
                        .map(e -> e.get("userId").asString())
                        .distinct()
                        .toList())
                .containsExactly(planChange.get("userId").asString());
        assertThat(admin.get("/api/v1/admin/audit?tenantId=" + tenant)
                        .body()
                        .valueStream()
                        .map(e -> e.get("tenantId").asString())
                        .distinct()
                        .toList())
                .containsExactly(tenant.toString());

        // a tester of the tenant may not read it; nor may another tenant's administrator see these entries
        Api tester = Scenarios.user(admin, tenant, "TESTER");
        assertThat(tester.get("/api/v1/audit").status()).isEqualTo(403);
        Api other = Scenarios.tenant(admin, aTenant().named("other")).api();
        assertThat(other.get("/api/v1/audit").body().isEmpty()).isTrue();
        assertThat(api.get("/api/v1/audit?limit=0").status()).isEqualTo(400);
    }
}
