package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.demo.sampleapi.SampleApiServer;
import dev.gantry.model.RedisKeys;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Environment secrets: write-only in the API, sealed in PostgreSQL, redacted in Redis, API answers and logs. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIT {
    static final String SECRET = "tok-" + UUID.randomUUID();

    static Farm farm;
    static SampleApiServer target;
    static Api api;
    static UUID project;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        target = SampleApiServer.start(0);
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        api = Scenarios.tenant(admin, aTenant().named("s")).api();
        project = api.post("/api/v1/projects", Map.of("name", "secrets")).id();
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aSecretIsUsedButNeverShownStoredOrLoggedInClear(CapturedOutput logs) throws Exception {
        Api.Answer created = api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of(
                        "name", "secured",
                        "baseUrl", target.baseUri().toString(),
                        "secrets", Map.of("apiToken", SECRET),
                        "auth", Map.of("type", "bearer", "token", "{{apiToken}}")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain(SECRET);
        assertThat(created.body().get("secretNames").get(0).asString()).isEqualTo("apiToken");
        UUID environment = created.id();
        assertThat(api.get("/api/v1/environments/" + environment).raw()).doesNotContain(SECRET);
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery("select secrets::text from environments where id = '" + environment + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("apiToken").doesNotContain(SECRET);
        }

        // the secret goes out in the body too, and comes back in the item's name
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "uses-secret"))
                .id();
        api.post(
                "/api/v1/suites/" + suite + "/cases",
                aCase("create")
                        .post("/items", "{\"name\":\"{{apiToken}}\",\"price\":1}")
                        .expectStatus(201)
                        .expectJson("$.name", "equals", "{{apiToken}}")
                        .build());
        UUID run = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        JsonNode finished = api.waitForEnd(run, Duration.ofMinutes(1));
        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");

        Api.Answer steps = api.get("/api/v1/runs/" + run + "/steps");
        assertThat(steps.raw()).doesNotContain(SECRET).contains("[REDACTED]");
        RedissonClient redis = farm.controlPlane.getBean(RedissonClient.class);
        var details =
                redis.<String, String>getMap(new RedisKeys(farm.redisPrefix()).details(run), StringCodec.INSTANCE);
        assertThat(details.readAllValues()).hasSize(1).allSatisfy(detail -> assertThat(detail)
                .doesNotContain(SECRET));
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery("select snapshot::text from run_snapshots where run_id = '" + run + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain(SECRET);
        }

        // failures and errors quote what was sent and received: the secret is redacted there too
        Api.Answer unreachable = api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of(
                        "name",
                        "unreachable",
                        "baseUrl",
                        "http://127.0.0.1:" + TestTargets.closedPort(),
                        "secrets",
                        Map.of("apiToken", SECRET),
                        "auth",
                        Map.of("type", "apiKeyQuery", "name", "key", "value", "{{apiToken}}")));
        assertThat(unreachable.status()).as(unreachable.raw()).isEqualTo(201);
        UUID refused = api.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", unreachable.id()))
                .id("runId");
        assertThat(api.waitForEnd(refused, Duration.ofMinutes(1))
                        .get("totals")
                        .get("errored")
                        .asLong())
                .isEqualTo(1);
        Api.Answer errored = api.get("/api/v1/runs/" + refused + "/steps");
        assertThat(errored.raw())
                .contains("connection refused")
                .contains("key=[REDACTED]")
                .doesNotContain(SECRET);

        UUID failing = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "fails-on-secret"))
                .id();
        api.post(
                "/api/v1/suites/" + failing + "/cases",
                aCase("wrong-name")
                        .post("/items", "{\"name\":\"{{apiToken}}\",\"price\":1}")
                        .expectStatus(201)
                        .expectJson("$.name", "equals", "not the secret")
                        .build());
        UUID failed = api.post("/api/v1/suites/" + failing + "/runs", Map.of("environmentId", environment))
                .id("runId");
        assertThat(api.waitForEnd(failed, Duration.ofMinutes(1)).get("status").asString())
                .isEqualTo("FAILED");
        Api.Answer failure = api.get("/api/v1/runs/" + failed + "/steps");
        assertThat(failure.raw()).contains("[REDACTED]").doesNotContain(SECRET);
        // every report quotes the failure's request and response, redacted as the details are
        for (String format : new String[] {"junit", "json", "csv", "html"}) {
            Api.Answer report = api.getText("/api/v1/runs/" + failed + "/reports/" + format);
            assertThat(report.status()).as(format).isEqualTo(200);
            assertThat(report.raw()).as(format).contains("REDACTED").doesNotContain(SECRET);
        }

        // a refused request that carries a secret does not echo it in the problem detail
        Api.Answer refusedInput = api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of("name", "bad", "baseUrl", "not a url", "secrets", Map.of("apiToken", SECRET)));
        assertThat(refusedInput.status()).isEqualTo(400);
        assertThat(refusedInput.raw()).doesNotContain(SECRET);

        // nothing the control plane or the workers logged during all this holds the secret
        assertThat(logs.getAll()).contains("FAILED").doesNotContain(SECRET);
    }

    @Test
    void credentialsMustReferToASecretAndSecretsNeedAKeyName() {
        Api.Answer clear = api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of(
                        "name",
                        "clear",
                        "baseUrl",
                        "http://127.0.0.1:9",
                        "auth",
                        Map.of("type", "bearer", "token", "abc")));
        assertThat(clear.status()).isEqualTo(400);
        assertThat(clear.body().get("errors").findValuesAsString("field")).containsExactly("auth.token");
        Api.Answer unknown = api.post(
                "/api/v1/projects/" + project + "/environments",
                Map.of("name", "unknown", "baseUrl", "http://127.0.0.1:9", "auth", Map.of("type", "kerberos")));
        assertThat(unknown.body().get("errors").findValuesAsString("field")).containsExactly("auth.type");
    }

    @Test
    void aWorkerWithoutTheKeyEndsTheRunInErrorSayingWhy() {
        Farm keyless = Farm.withWorkers(0);
        try {
            keyless.startWorker(Map.of("gantry.security.encryption-key", ""));
            Api admin = new Api(keyless.baseUrl(), keyless.adminKey);
            UUID project =
                    admin.post("/api/v1/projects", Map.of("name", "keyless")).id();
            UUID environment = admin.post(
                            "/api/v1/projects/" + project + "/environments",
                            Map.of(
                                    "name", "secured",
                                    "baseUrl", target.baseUri().toString(),
                                    "secrets", Map.of("apiToken", SECRET),
                                    "auth", Map.of("type", "bearer", "token", "{{apiToken}}")))
                    .id();
            UUID suite = admin.post("/api/v1/projects/" + project + "/suites", Map.of("name", "s"))
                    .id();
            admin.post(
                    "/api/v1/suites/" + suite + "/cases",
                    aCase("health").get("/health").build());
            UUID run = admin.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                    .id("runId");
            JsonNode finished = admin.waitForEnd(run, Duration.ofMinutes(1));
            assertThat(finished.get("status").asString()).isEqualTo("ERROR");
            assertThat(finished.get("error").asString())
                    .contains("a partition failed")
                    .contains("no encryption key")
                    .doesNotContain(SECRET);
        } finally {
            keyless.close();
        }
    }
}
