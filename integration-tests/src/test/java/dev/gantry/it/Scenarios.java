package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.RequestBodies;
import java.util.UUID;

/**
 * What a scenario makes through the API, from the shared {@link RequestBodies}: a tenant, a
 * workspace of project, environment and suite, rows of data.
 */
final class Scenarios {
    private Scenarios() {}

    static RequestBodies.CaseBuilder aCase(String name) {
        return RequestBodies.aCase(name);
    }

    /** A tenant made by an operator: its id, its first administrator's user id and key, the API as that user. */
    record Tenant(UUID id, UUID adminUser, String apiKey, Api api) {}

    /** Makes the tenant {@code body} describes, as the operator {@code admin} (the farm's admin key). */
    static Tenant tenant(Api admin, RequestBodies.TenantBuilder body) {
        Api.Answer created = admin.post("/api/v1/admin/tenants", body.build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String key = created.text("apiKey");
        return new Tenant(created.id("tenantId"), created.id("userId"), key, admin.as(key));
    }

    /** A user of {@code tenant} with {@code role}, made by the operator {@code admin}: the API as that user. */
    static Api user(Api admin, UUID tenant, String role) {
        Api.Answer created = admin.post("/api/v1/admin/tenants/" + tenant + "/users", RequestBodies.aUser(role));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return admin.as(created.text("apiKey"));
    }

    /** A project (of a unique name) with one environment and one suite, made through the API. */
    record Workspace(UUID project, UUID environment, UUID suite) {}

    static Workspace workspace(Api api, String baseUrl) {
        UUID project = api.post("/api/v1/projects", RequestBodies.aProject("p")).id();
        UUID environment = api.post(
                        "/api/v1/projects/" + project + "/environments", RequestBodies.anEnvironment("target", baseUrl))
                .id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", RequestBodies.aSuite("suite"))
                .id();
        return new Workspace(project, environment, suite);
    }

    /** A data set of {@code count} rows {@code {"n": i}}. */
    static void numberedRows(Api api, UUID suite, int count) {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                RequestBodies.aDataSet("rows", RequestBodies.numberedRows(count)));
        if (created.status() != 201) {
            throw new IllegalStateException("data set refused: " + created.raw());
        }
    }

    static String baseUrlOf(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
