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
 * People have a name and an e-mail: the tenant's ADMIN adds and changes users, everyone reads the
 * tenant's people and names themselves, and the audit log names who made each change.
 */
class PeopleIT {
    static Farm farm;
    static Api operator;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        operator = new Api(farm.baseUrl(), farm.adminKey);
    }

    @Test
    void anAdminAddsNamedPeopleWhoNameThemselvesAndTheAuditLogShowsThem() {
        String adminEmail = "ada-" + UUID.randomUUID() + "@it.test";
        Api.Answer tenant = operator.post(
                "/api/v1/admin/tenants",
                Map.of(
                        "name",
                        "people-" + UUID.randomUUID(),
                        "plan",
                        "Pro",
                        "adminEmail",
                        adminEmail,
                        "adminName",
                        "Ada Lovelace"));
        assertThat(tenant.status()).as(tenant.raw()).isEqualTo(201);
        Api admin = operator.as(tenant.text("apiKey"));
        UUID adminId = tenant.id("userId");

        JsonNode me = admin.get("/api/v1/users/me").body();
        assertThat(me.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(me.get("email").asString()).isEqualTo(adminEmail);
        assertThat(me.get("role").asString()).isEqualTo("ADMIN");

        String graceEmail = "grace-" + UUID.randomUUID() + "@it.test";
        Api.Answer grace =
                admin.post("/api/v1/users", Map.of("email", graceEmail, "name", "  Grace Hopper ", "role", "tester"));
        assertThat(grace.status()).as(grace.raw()).isEqualTo(201);
        assertThat(grace.text("name")).isEqualTo("Grace Hopper");
        assertThat(grace.text("role")).isEqualTo("TESTER");
        assertThat(grace.header("Location")).contains("/api/v1/users/" + grace.id());
        Api tester = operator.as(grace.text("apiKey"));
        assertThat(tester.get("/api/v1/users/me").body().get("id").asString())
                .isEqualTo(grace.id().toString());

        // without a name, a user is named after the e-mail's local part until they choose one
        String unnamedLocal = "linus-" + UUID.randomUUID();
        Api.Answer unnamed = admin.post("/api/v1/users", Map.of("email", unnamedLocal + "@it.test", "role", "VIEWER"));
        assertThat(unnamed.status()).as(unnamed.raw()).isEqualTo(201);
        assertThat(unnamed.text("name")).isEqualTo(unnamedLocal);
        Api viewer = operator.as(unnamed.text("apiKey"));
        Api.Answer renamed = viewer.send("PATCH", "/api/v1/users/me", "{\"name\": \"Linus Torvalds\"}");
        assertThat(renamed.status()).as(renamed.raw()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Linus Torvalds");

        List<JsonNode> people = tester.get("/api/v1/users").body().valueStream().toList();
        assertThat(people)
                .extracting(p -> p.get("name").asString())
                .containsExactly("Ada Lovelace", "Grace Hopper", "Linus Torvalds");
        assertThat(people.get(0).get("email").asString()).isEqualTo(adminEmail);

        // the audit log names who changed what
        Api.Answer project = tester.post("/api/v1/projects", Map.of("name", "audited by name"));
        assertThat(project.status()).as(project.raw()).isEqualTo(201);
        JsonNode entries = admin.get("/api/v1/audit?limit=10").body();
        JsonNode newest = entries.get(0);
        assertThat(newest.get("action").asString()).isEqualTo("POST /api/v1/projects");
        assertThat(newest.get("user").get("id").asString()).isEqualTo(grace.id().toString());
        assertThat(newest.get("user").get("name").asString()).isEqualTo("Grace Hopper");
        assertThat(newest.get("user").get("email").asString()).isEqualTo(graceEmail);
        JsonNode operatorView = operator.get("/api/v1/admin/audit?limit=5&userId=" + adminId)
                .body()
                .get(0);
        assertThat(operatorView.get("user").get("name").asString()).isEqualTo("Ada Lovelace");

        // the ADMIN changes a user's name and role, and deactivates them: their key answers 401 from then on
        Api.Answer promoted = admin.send(
                "PATCH", "/api/v1/users/" + grace.id(), "{\"name\": \"Rear Admiral Hopper\", \"role\": \"ADMIN\"}");
        assertThat(promoted.status()).as(promoted.raw()).isEqualTo(200);
        assertThat(promoted.text("role")).isEqualTo("ADMIN");
        assertThat(promoted.text("name")).isEqualTo("Rear Admiral Hopper");
        Api.Answer deactivated = admin.send("PATCH", "/api/v1/users/" + unnamed.id(), "{\"active\": false}");
        assertThat(deactivated.status()).as(deactivated.raw()).isEqualTo(200);
        assertThat(deactivated.body().get("active").asBoolean()).isFalse();
        assertThat(viewer.get("/api/v1/users/me").status()).isEqualTo(401);
    }

    @Test
    void badOrForbiddenChangesAreRefusedNamingTheFieldAndChangeNothing() {
        Scenarios.Tenant created = Scenarios.tenant(operator, aTenant().named("people-refusals"));
        Api admin = created.api();
        Api tester = Scenarios.user(operator, created.id(), "TESTER");
        String before = admin.get("/api/v1/users").raw();

        assertRefused(admin.post("/api/v1/users", Map.of("email", "x@it.test", "role", "OWNER")), 400, "role");
        assertRefused(admin.post("/api/v1/users", Map.of("email", "not an address", "role", "VIEWER")), 400, "email");
        assertRefused(
                admin.post("/api/v1/users", Map.of("email", "y@it.test", "name", "n".repeat(101), "role", "VIEWER")),
                400,
                "name");
        String taken = admin.get("/api/v1/users/me").body().get("email").asString();
        assertRefused(admin.post("/api/v1/users", Map.of("email", taken, "role", "VIEWER")), 409, "email");
        assertRefused(tester.send("PATCH", "/api/v1/users/me", "{\"name\": \"   \"}"), 400, "name");
        assertRefused(
                admin.send("PATCH", "/api/v1/users/" + created.adminUser(), "{\"role\": \"VIEWER\"}"), 409, "role");
        assertRefused(
                admin.send("PATCH", "/api/v1/users/" + created.adminUser(), "{\"active\": false}"), 409, "active");
        assertThat(admin.get("/api/v1/users").raw()).isEqualTo(before);

        // only the tenant's ADMIN manages users; another tenant's user is not there
        assertThat(tester.post("/api/v1/users", Map.of("email", "z@it.test", "role", "ADMIN"))
                        .status())
                .isEqualTo(403);
        UUID stranger =
                Scenarios.tenant(operator, aTenant().named("people-elsewhere")).adminUser();
        assertThat(admin.get("/api/v1/users/" + stranger).status()).isEqualTo(404);
        assertThat(admin.send("PATCH", "/api/v1/users/" + stranger, "{\"name\": \"Mallory\"}")
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/users").raw()).isEqualTo(before);
    }

    private static void assertRefused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.body().get("errors").valueStream().map(e -> e.get("field")
                        .asString()))
                .as(answer.raw())
                .contains(field);
    }
}
