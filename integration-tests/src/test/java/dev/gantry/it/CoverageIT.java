package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.RedisKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

/**
 * Coverage as a partitioned batch job: a generated suite against a real server implementing part of
 * the petstore gives exact figures and conformance verdicts; a 2,000-endpoint specification gives the
 * same figures with 1, 4 and 8 partitions handled by the workers.
 */
class CoverageIT {
    static Farm farm;
    static Api api;
    static String apiKey;
    static HttpServer petstore;
    static HttpServer anything;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        // 2,000 endpoints in one project: beyond Pro's MaxEndpointsPerProject
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("cov").onPlan("Enterprise"));
        apiKey = tenant.apiKey();
        api = tenant.api();
        petstore = TestTargets.start("/", CoverageIT::petstore);
        anything = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{}"));
    }

    @AfterAll
    static void tearDown() {
        if (petstore != null) {
            petstore.stop(0);
        }
        if (anything != null) {
            anything.stop(0);
        }
    }

    /** Part of the petstore: listing and creating pets; no pet can be read back. */
    static void petstore(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (uri.getPath().equals("/pets") && method.equals("GET")) {
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            for (String pair : query.split("&")) {
                if (pair.startsWith("limit=")) {
                    String value = pair.substring(6);
                    if (!value.matches("\\d+") || Integer.parseInt(value) > 100) {
                        TestTargets.json(exchange, 400, "{\"code\": 400, \"message\": \"bad limit\"}");
                        return;
                    }
                }
            }
            TestTargets.json(exchange, 200, "[{\"id\": 1, \"name\": \"rex\"}]");
            return;
        }
        if (uri.getPath().equals("/pets") && method.equals("POST")) {
            JsonNode pet;
            try {
                pet = Api.JSON.readTree(body);
            } catch (RuntimeException e) {
                TestTargets.json(exchange, 400, "{\"code\": 400, \"message\": \"malformed\"}");
                return;
            }
            if (pet == null
                    || !pet.path("id").isIntegralNumber()
                    || !pet.path("name").isString()) {
                TestTargets.json(exchange, 400, "{\"code\": 400, \"message\": \"invalid pet\"}");
                return;
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
            return;
        }
        TestTargets.json(exchange, 404, "{\"code\": 404, \"message\": \"not found\"}");
    }

    static JsonNode waitForCoverage(UUID run, UUID report, Duration patience) {
        return waitForCoverage(api, run, report, patience);
    }

    static JsonNode waitForCoverage(Api api, UUID run, UUID report, Duration patience) {
        Api.Answer answer = await(
                        "coverage report " + (report == null ? "" : report + " ") + "of run " + run + " ended")
                .atMost(patience)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> api.get("/api/v1/runs/" + run + "/coverage"),
                        a -> a.status() == 200
                                && (report == null
                                        || a.body().get("id").asString().equals(report.toString()))
                                && !a.body().get("status").asString().equals("RUNNING"));
        assertThat(answer.body().get("status").asString()).as(answer.raw()).isEqualTo("COMPLETED");
        return answer.body();
    }

    static UUID environment(UUID project, HttpServer target) {
        return api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "env-" + UUID.randomUUID(),
                                "baseUrl",
                                "http://127.0.0.1:" + target.getAddress().getPort()))
                .id();
    }

    static JsonNode json(String text) {
        return Api.JSON.readTree(text);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isString() ? n.asString() : n.toString()));
        return out;
    }

    /** Acceptance: a generated suite against a server implementing part of the spec; figures asserted exactly. */
    @Test
    void generatedSuiteAgainstPartOfThePetstore() {
        UUID project = petstoreProject("petstore");
        UUID suite = emptySuite(project);
        JsonNode generated = api.generate(suite, Map.of()).body().get("report");
        assertThat(generated.get("created").size()).isEqualTo(9);
        // reading a pet back is left out of this run
        String readBack = generated.get("created").get(8).get("id").asString();
        assertThat(api.put(
                                "/api/v1/cases/" + readBack,
                                Map.of(
                                        "name",
                                        "GET /pets/{petId} · happy",
                                        "enabled",
                                        false,
                                        "request",
                                        Map.of("method", "GET", "path", "/pets/sample")))
                        .status())
                .isEqualTo(200);

        UUID run = api.post(
                        "/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment(project, petstore)))
                .id("runId");
        JsonNode finished = api.waitForEnd(run, Duration.ofMinutes(1));
        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");
        assertThat(finished.get("totals").get("passed").asInt()).isEqualTo(8);

        JsonNode report = waitForCoverage(run, null, Duration.ofMinutes(1));
        assertThat(report.get("partitions").asInt()).isEqualTo(1);
        JsonNode s = report.get("summary");
        assertThat(s.get("total").asInt()).isEqualTo(3);
        assertThat(s.get("tested").asInt()).isEqualTo(2);
        assertThat(s.get("percent").decimalValue()).isEqualByComparingTo("66.67");
        assertThat(s.get("byMethod"))
                .isEqualTo(json("{\"GET\":{\"total\":2,\"tested\":1},\"POST\":{\"total\":1,\"tested\":1}}"));
        assertThat(s.get("byTag")).isEqualTo(json("{\"pets\":{\"total\":3,\"tested\":2}}"));
        assertThat(s.get("byStatus"))
                .isEqualTo(json("{\"200\":{\"documented\":2,\"observed\":1},\"201\":{\"documented\":1,\"observed\":1},"
                        + "\"default\":{\"documented\":3,\"observed\":2}}"));
        assertThat(texts(s.get("uncovered"))).containsExactly("GET /pets/{petId}");
        assertThat(s.get("unexercisedParameters"))
                .isEqualTo(json("[{\"endpoint\":\"GET /pets/{petId}\",\"parameter\":\"path:petId\"}]"));
        assertThat(s.get("undocumentedStatuses"))
                .isEqualTo(
                        json(
                                "[{\"endpoint\":\"GET /pets\",\"statuses\":[\"400\"]},{\"endpoint\":\"POST /pets\",\"statuses\":[\"400\"]}]"));
        // conformance: every 400 is only covered by "default"; the 200 list and the 201 conform
        assertThat(s.get("conformance"))
                .isEqualTo(
                        json(
                                "[{\"endpoint\":\"GET /pets\",\"checked\":4,\"failed\":2,\"violations\":[\"status 400 is not documented (only by default)\"]},"
                                        + "{\"endpoint\":\"POST /pets\",\"checked\":4,\"failed\":3,\"violations\":[\"status 400 is not documented (only by default)\"]}]"));
        assertThat(s.get("endpointsByCaseKind")).isEqualTo(json("{\"boundary\":1,\"happy\":2,\"negative\":2}"));

        // the verdict travels with each step, apart from the case's expectations (which all passed)
        JsonNode steps =
                api.get("/api/v1/runs/" + run + "/steps?page=0&size=50").body();
        JsonNode items = steps.get("items");
        List<String> verdicts = new ArrayList<>();
        items.forEach(step -> verdicts.add(step.get("caseName").asString() + " -> "
                + step.get("conformance").get("statusDocumented").asBoolean() + "/"
                + step.get("conformance").get("bodyConforms")));
        assertThat(verdicts).contains("GET /pets · happy -> true/true", "POST /pets · happy -> true/null");

        // the project's trend has this run
        JsonNode trend =
                api.get("/api/v1/projects/" + project + "/coverage/trend").body();
        assertThat(trend.size()).isEqualTo(1);
        assertThat(trend.get(0).get("tested").asInt()).isEqualTo(2);
        assertThat(trend.get(0).get("total").asInt()).isEqualTo(3);
    }

    /**
     * Spring Batch's records of a generation job and of a coverage job go a while after the jobs ended
     * (the retention purge, {@code gantry.runs.job-record-retention}); what the jobs produced stays,
     * and so do the records of the run, whose details have not expired.
     */
    @Test
    void generationAndCoverageJobRecordsGoAfterTheirRetentionWhatTheyProducedStays() throws Exception {
        UUID project = petstoreProject("records");
        UUID suite = emptySuite(project);
        Api.Answer generation = api.generate(suite, Map.of());
        assertThat(generation.text("state")).as(generation.raw()).isEqualTo("COMPLETED");
        UUID run = api.post(
                        "/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment(project, petstore)))
                .id("runId");
        api.waitForEnd(run, Duration.ofMinutes(1));
        UUID report = UUID.fromString(
                waitForCoverage(run, null, Duration.ofMinutes(1)).get("id").asString());
        long generationJob = jobExecution("generationId", generation.text("id"));
        long coverageJob = jobExecution("coverageId", report.toString());
        Api admin = new Api(farm.baseUrl(), farm.adminKey);

        // ended just now: kept
        admin.post("/api/v1/admin/retention/purge", Map.of());
        assertThat(records(generationJob)).isPositive();
        assertThat(records(coverageJob)).isPositive();

        try (var db = farm.database()) {
            db.createStatement()
                    .executeUpdate(
                            """
                            update batch_job_execution set create_time = create_time - interval '8 days',
                                end_time = end_time - interval '8 days'
                            where job_execution_id in (%d, %d)"""
                                    .formatted(generationJob, coverageJob));
        }
        Api.Answer purged = admin.post("/api/v1/admin/retention/purge", Map.of());
        assertThat(purged.body().get("otherJobs").asLong()).as(purged.raw()).isGreaterThanOrEqualTo(2);
        assertThat(records(generationJob)).isZero();
        assertThat(records(coverageJob)).isZero();
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery(
                            "select count(*) from batch_job_execution e join runs r on r.job_execution_id = e.job_execution_id where r.id = '%s'"
                                    .formatted(run));
            rs.next();
            assertThat(rs.getInt(1)).as("the run's job execution").isEqualTo(1);
        }
        JsonNode coverage = api.get("/api/v1/runs/" + run + "/coverage").body();
        assertThat(coverage.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(coverage.get("summary").get("tested").asInt()).isPositive();
        Api.Answer generated = api.get(generation.text("statusUrl"));
        assertThat(generated.text("state")).as(generated.raw()).isEqualTo("COMPLETED");
        assertThat(generated.body().get("report").get("created").size()).isEqualTo(9);
    }

    /**
     * A slice that fails for good (here a step detail that is not JSON) ends its report at once with
     * the slice's reason: the manager does not take it for a worker that lost PostgreSQL and wait
     * out the outage tolerance (two minutes) for it to resume.
     */
    @Test
    void aSliceThatFailsForGoodEndsItsReportAtOnceWithItsReason() {
        UUID project = petstoreProject("broken");
        UUID suite = emptySuite(project);
        assertThat(api.generate(suite, Map.of()).text("state")).isEqualTo("COMPLETED");
        UUID run = api.post(
                        "/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment(project, petstore)))
                .id("runId");
        api.waitForEnd(run, Duration.ofMinutes(1));
        waitForCoverage(run, null, Duration.ofMinutes(1));
        farm.controlPlane
                .getBean(RedissonClient.class)
                .<String, String>getMap(new RedisKeys(farm.redisPrefix()).details(run), StringCodec.INSTANCE)
                .fastPut("999999:0:1", "{not json");

        Api.Answer started = api.post("/api/v1/runs/" + run + "/coverage?partitions=1", "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String report = started.id().toString();
        Api.Answer ended = await("coverage report " + report + " ended")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> api.get("/api/v1/runs/" + run + "/coverage"),
                        a -> a.body().get("id").asString().equals(report)
                                && !a.body().get("status").asString().equals("RUNNING"));
        assertThat(ended.text("status")).as(ended.raw()).isEqualTo("FAILED");
        assertThat(ended.text("error"))
                .startsWith("the coverage job ended FAILED: a slice failed: ")
                .contains("Exception");
    }

    /** A new project whose active specification is the petstore's. */
    static UUID petstoreProject(String name) {
        UUID project = api.post("/api/v1/projects", Map.of("name", name)).id();
        assertThat(SpecImportIT.upload(
                                farm, apiKey, project, "v1", SpecImportIT.spec("petstore-3.0.yaml"), "application/yaml")
                        .status())
                .isEqualTo(201);
        return project;
    }

    static UUID emptySuite(UUID project) {
        return api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "generated"))
                .id();
    }

    /** The one job execution started with this parameter. */
    static long jobExecution(String parameter, String value) throws Exception {
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery(
                            "select job_execution_id from batch_job_execution_params where parameter_name = '%s' and parameter_value = '%s'"
                                    .formatted(parameter, value));
            assertThat(rs.next()).as(parameter + " " + value).isTrue();
            long id = rs.getLong(1);
            assertThat(rs.next()).isFalse();
            return id;
        }
    }

    /** Rows of Spring Batch's tables about one job execution: itself, its parameters, context, steps and theirs. */
    static int records(long jobExecution) throws Exception {
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery(
                            """
                            select (select count(*) from batch_job_execution where job_execution_id = %1$d)
                                + (select count(*) from batch_job_execution_params where job_execution_id = %1$d)
                                + (select count(*) from batch_job_execution_context where job_execution_id = %1$d)
                                + (select count(*) from batch_step_execution where job_execution_id = %1$d)
                                + (select count(*) from batch_step_execution_context c join batch_step_execution s
                                    on s.step_execution_id = c.step_execution_id where s.job_execution_id = %1$d)"""
                                    .formatted(jobExecution));
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Acceptance: 2,000 endpoints, several partitions on the workers, the same figures as one partition. */
    @Test
    void twoThousandEndpointsGiveTheSameFiguresWithAnyPartitioning() throws Exception {
        String spec = spec(1000);
        UUID project = api.post("/api/v1/projects", Map.of("name", "big")).id();
        Api.Answer imported = SpecImportIT.upload(
                farm, apiKey, project, "big", spec.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        assertThat(imported.body().get("endpoints").asInt()).isEqualTo(2000);
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "some"))
                .id();
        for (int i = 0; i < 30; i++) {
            Map<String, Object> request = i % 2 == 0
                    ? Map.of("method", "GET", "path", "/items" + (i * 33), "query", Map.of("q", "x"))
                    : Map.of("method", "GET", "path", "/items" + (i * 33));
            api.post("/api/v1/suites/" + suite + "/cases", Map.of("name", "list " + i, "request", request));
        }
        for (int i = 0; i < 20; i++) {
            api.post(
                    "/api/v1/suites/" + suite + "/cases",
                    Map.of(
                            "name",
                            "read " + i,
                            "request",
                            Map.of("method", "GET", "path", "/items" + (i * 49 + 1) + "/7")));
        }
        UUID run = api.post(
                        "/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment(project, anything)))
                .id("runId");
        assertThat(api.waitForEnd(run, Duration.ofMinutes(2)).get("status").asString())
                .isEqualTo("PASSED");
        JsonNode automatic = waitForCoverage(run, null, Duration.ofMinutes(2));
        assertThat(automatic.get("partitions").asInt()).isEqualTo(4);

        Map<Integer, JsonNode> summaries = new java.util.TreeMap<>();
        summaries.put(4, automatic.get("summary"));
        for (int partitions : new int[] {1, 8}) {
            Api.Answer started = api.post("/api/v1/runs/" + run + "/coverage?partitions=" + partitions, "");
            assertThat(started.status()).as(started.raw()).isEqualTo(202);
            UUID report = started.id();
            JsonNode done = waitForCoverage(run, report, Duration.ofMinutes(2));
            summaries.put(partitions, done.get("summary"));
            assertThat(workerPartitions(report)).isEqualTo(partitions);
        }
        assertThat(workerPartitions(automatic.get("id").asString())).isEqualTo(4);
        JsonNode one = summaries.get(1);
        assertThat(one.get("total").asInt()).isEqualTo(2000);
        assertThat(one.get("tested").asInt()).isEqualTo(50);
        assertThat(one.get("percent").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(one.get("uncovered").size()).isEqualTo(1950);
        // the query parameter of the 15 listings called without it and of the 970 never called, and the path id
        // of the 980 item endpoints never read
        assertThat(one.get("unexercisedParameters").size()).isEqualTo(15 + 970 + 980);
        assertThat(one.get("byStatus").get("200")).isEqualTo(json("{\"documented\":2000,\"observed\":50}"));
        assertThat(one.get("conformance").size()).isEqualTo(50);
        assertThat(summaries.get(4)).isEqualTo(one);
        assertThat(summaries.get(8)).isEqualTo(one);
    }

    /** {@code 2 * pairs} endpoints: {@code GET /items<i>} (query q) and {@code GET /items<i>/{id}}, tagged by i mod 7. */
    static String spec(int pairs) {
        StringBuilder spec = new StringBuilder(
                "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"big\", \"version\": \"1\"}, \"paths\": {");
        for (int i = 0; i < pairs; i++) {
            String ok =
                    "\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"type\": \"object\"}}}}, \"404\": {\"description\": \"no\"}}";
            spec.append(i == 0 ? "" : ", ")
                    .append("\"/items")
                    .append(i)
                    .append("\": {\"get\": {\"tags\": [\"t")
                    .append(i % 7)
                    .append("\"], ")
                    .append(
                            "\"parameters\": [{\"name\": \"q\", \"in\": \"query\", \"schema\": {\"type\": \"string\"}}], ")
                    .append(ok)
                    .append("}}, ")
                    .append("\"/items")
                    .append(i)
                    .append("/{id}\": {\"get\": {\"tags\": [\"t")
                    .append(i % 7)
                    .append("\"], ")
                    .append(
                            "\"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"integer\"}}], ")
                    .append(ok)
                    .append("}}");
        }
        return spec.append("}}").toString();
    }

    /**
     * A tenant whose plan allows one partition out at once: its coverage job of 8 partitions sends
     * them one after the other (sampled while it runs, and from the partitions' own start and end
     * times), and still gives the figures of one partition.
     */
    @Test
    void aTenantsCoverageJobTakesItsPartitionPermitsLikeItsRuns() throws Exception {
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        String plan = "one-partition-" + UUID.randomUUID();
        assertThat(admin.post("/api/v1/admin/plans", Map.of("name", plan, "limits", Map.of("MaxParallelPartitions", 1)))
                        .status())
                .isEqualTo(201);
        Scenarios.Tenant created =
                Scenarios.tenant(admin, aTenant().named("cov1").onPlan(plan));
        String key = created.apiKey();
        Api tenant = created.api();

        UUID project = tenant.post("/api/v1/projects", Map.of("name", "narrow")).id();
        Api.Answer imported = SpecImportIT.upload(
                farm, key, project, "v1", spec(300).getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        UUID suite = tenant.post("/api/v1/projects/" + project + "/suites", Map.of("name", "some"))
                .id();
        for (int i = 0; i < 12; i++) {
            tenant.post(
                    "/api/v1/suites/" + suite + "/cases",
                    Map.of("name", "list " + i, "request", Map.of("method", "GET", "path", "/items" + (i * 25))));
        }
        UUID environment = tenant.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "env",
                                "baseUrl",
                                "http://127.0.0.1:" + anything.getAddress().getPort()))
                .id();
        UUID run = tenant.post("/api/v1/suites/" + suite + "/runs", Map.of("environmentId", environment))
                .id("runId");
        assertThat(tenant.waitForEnd(run, Duration.ofMinutes(2)).get("status").asString())
                .isEqualTo("PASSED");
        JsonNode automatic = waitForCoverage(tenant, run, null, Duration.ofMinutes(2));
        assertThat(automatic.get("partitions").asInt()).isEqualTo(2);

        Api.Answer started = tenant.post("/api/v1/runs/" + run + "/coverage?partitions=8", "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        UUID report = started.id();
        AtomicInteger most = new AtomicInteger();
        await("coverage report " + report + " ended, its partitions in flight sampled meanwhile")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    JsonNode now =
                            tenant.get("/api/v1/runs/" + run + "/coverage").body();
                    most.accumulateAndGet(inFlight(report), Math::max);
                    return now.get("id").asString().equals(report.toString())
                            && !now.get("status").asString().equals("RUNNING");
                });
        JsonNode done = waitForCoverage(tenant, run, report, Duration.ofSeconds(5));
        assertThat(most.get()).as("partitions in flight at once, sampled").isLessThanOrEqualTo(1);
        assertThat(workerPartitions(report)).isEqualTo(8);
        // the partitions' own times: each started after the one before it had ended
        List<Instant[]> spans = spans(report);
        assertThat(spans).hasSize(8);
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i)[0]).as("start of partition %d", i).isAfterOrEqualTo(spans.get(i - 1)[1]);
        }
        assertThat(done.get("summary")).isEqualTo(automatic.get("summary"));
        JsonNode summary = done.get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(600);
        assertThat(summary.get("tested").asInt()).isEqualTo(12);
    }

    /** Worker partitions of the report's job executing now. */
    static int inFlight(UUID report) throws Exception {
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery(
                            """
                            select count(*) from batch_step_execution s
                            join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                            where p.parameter_name = 'coverageId' and p.parameter_value = '%s'
                              and s.step_name like 'coveragePartition:%%' and s.status = 'STARTED'"""
                                    .formatted(report));
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Start and end of each worker partition of the report's job, by start. */
    static List<Instant[]> spans(UUID report) throws Exception {
        List<Instant[]> spans = new ArrayList<>();
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery(
                            """
                            select s.start_time, s.end_time from batch_step_execution s
                            join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                            where p.parameter_name = 'coverageId' and p.parameter_value = '%s'
                              and s.step_name like 'coveragePartition:%%' and s.status = 'COMPLETED'
                            order by s.start_time"""
                                    .formatted(report));
            while (rs.next()) {
                spans.add(new Instant[] {
                    rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()
                });
            }
        }
        return spans;
    }

    /** Partitions of a coverage report's job that a worker executed (step executions of the worker step). */
    static int workerPartitions(Object reportId) throws Exception {
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement()
                    .executeQuery(
                            """
                            select count(*) from batch_step_execution s
                            join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                            where p.parameter_name = 'coverageId' and p.parameter_value = '%s'
                              and s.step_name like 'coveragePartition:%%' and s.status = 'COMPLETED'"""
                                    .formatted(reportId));
            rs.next();
            return rs.getInt(1);
        }
    }
}
