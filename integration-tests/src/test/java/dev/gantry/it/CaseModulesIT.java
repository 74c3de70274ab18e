package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A project's modules → sub-modules → features, cases filed in them, and the tree with its counts. */
class CaseModulesIT {
    private static UUID node(Api api, UUID project, String name, UUID parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parent);
        Api.Answer created = api.post("/api/v1/projects/" + project + "/modules", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.id();
    }

    private static Api.Answer fileCase(Api api, UUID suite, String name, UUID module) {
        Map<String, Object> body = aCase(name).get("/ping").build();
        if (module != null) {
            body.put("moduleId", module.toString());
        }
        return api.post("/api/v1/suites/" + suite + "/cases", body);
    }

    @Test
    void theTreeCountsTheCasesOfEachNodeAndBelowIt() {
        Farm farm = Farm.get();
        Api api = Scenarios.tenant(
                        new Api(farm.baseUrl(), farm.adminKey), aTenant().named("modules"))
                .api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "shop")).id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "s"))
                .id();
        UUID billing = node(api, project, "Billing", null);
        UUID invoices = node(api, project, "Invoices", billing);
        UUID pdf = node(api, project, "PDF export", invoices);
        UUID catalog = node(api, project, "Catalog", null);

        assertThat(fileCase(api, suite, "billing smoke", billing).status()).isEqualTo(201);
        assertThat(fileCase(api, suite, "invoice total", invoices).status()).isEqualTo(201);
        Api.Answer filed = fileCase(api, suite, "pdf renders", pdf);
        assertThat(filed.status()).as(filed.raw()).isEqualTo(201);
        assertThat(filed.text("moduleId")).isEqualTo(pdf.toString());
        assertThat(fileCase(api, suite, "pdf pages", pdf).status()).isEqualTo(201);
        assertThat(fileCase(api, suite, "loose", null).status()).isEqualTo(201);

        JsonNode tree = api.get("/api/v1/projects/" + project + "/modules").body();
        assertThat(tree.get("unfiled").asLong()).isEqualTo(1);
        JsonNode modules = tree.get("modules");
        assertThat(modules.get(0).get("name").asString()).isEqualTo("Billing");
        assertThat(modules.get(0).get("level").asString()).isEqualTo("MODULE");
        assertThat(modules.get(0).get("cases").asLong()).isEqualTo(1);
        assertThat(modules.get(0).get("total").asLong()).isEqualTo(4);
        JsonNode sub = modules.get(0).get("children").get(0);
        assertThat(sub.get("level").asString()).isEqualTo("SUB_MODULE");
        assertThat(sub.get("total").asLong()).isEqualTo(3);
        JsonNode feature = sub.get("children").get(0);
        assertThat(feature.get("level").asString()).isEqualTo("FEATURE");
        assertThat(feature.get("cases").asLong()).isEqualTo(2);
        assertThat(modules.get(1).get("name").asString()).isEqualTo("Catalog");
        assertThat(modules.get(1).get("total").asLong()).isZero();

        // a feature is the last level; names are unique among siblings
        Map<String, Object> tooDeep = new HashMap<>(Map.of("name", "x", "parentId", pdf.toString()));
        Api.Answer deep = api.post("/api/v1/projects/" + project + "/modules", tooDeep);
        assertThat(deep.status()).as(deep.raw()).isEqualTo(400);
        assertThat(deep.raw()).contains("parentId");
        Api.Answer twice = api.post("/api/v1/projects/" + project + "/modules", Map.of("name", "Billing"));
        assertThat(twice.status()).as(twice.raw()).isEqualTo(409);

        // a module of another project is refused, and nothing is stored
        UUID other = api.post("/api/v1/projects", Map.of("name", "other")).id();
        UUID foreign = node(api, other, "Elsewhere", null);
        Api.Answer refused = fileCase(api, suite, "misfiled", foreign);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.raw()).contains("moduleId");
        assertThat(api.get("/api/v1/suites/" + suite + "/cases").body().size()).isEqualTo(5);

        // a node with cases or children stays; an empty one goes
        assertThat(api.delete("/api/v1/modules/" + pdf).status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/modules/" + billing).status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/modules/" + catalog).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/projects/" + project + "/modules")
                        .body()
                        .get("modules")
                        .size())
                .isEqualTo(1);
    }
}
