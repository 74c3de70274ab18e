package dev.gantry.it;

import com.sun.net.httpserver.HttpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** Test-data builders, so a test reads as the scenario it checks: {@code aCase("read").get("/items/{{id}}")}. */
final class Scenarios {
    private Scenarios() {}

    static CaseBuilder aCase(String name) {
        return new CaseBuilder(name);
    }

    /** A project (of a unique name) with one environment and one suite, made through the API. */
    record Workspace(UUID project, UUID environment, UUID suite) {}

    static Workspace workspace(Api api, String baseUrl) {
        UUID project = api.post("/api/v1/projects", Map.of("name", "p-" + UUID.randomUUID()))
                .id();
        UUID environment = api.post(
                        "/api/v1/projects/" + project + "/environments", Map.of("name", "target", "baseUrl", baseUrl))
                .id();
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "suite"))
                .id();
        return new Workspace(project, environment, suite);
    }

    /** A data set of {@code count} rows {@code {"n": i}}. */
    static void numberedRows(Api api, UUID suite, int count) {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/data-sets",
                Map.of(
                        "name",
                        "rows",
                        "rows",
                        IntStream.range(0, count)
                                .mapToObj(i -> Map.<String, Object>of("n", i))
                                .toList()));
        if (created.status() != 201) {
            throw new IllegalStateException("data set refused: " + created.raw());
        }
    }

    static String baseUrlOf(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Builds the JSON body of {@code POST /suites/{id}/cases}. */
    static final class CaseBuilder {
        private final Map<String, Object> body = new LinkedHashMap<>();
        private final Map<String, Object> request = new LinkedHashMap<>();
        private final Map<String, Object> expectations = new LinkedHashMap<>();
        private final List<Map<String, Object>> jsonChecks = new ArrayList<>();
        private final List<Map<String, Object>> headerChecks = new ArrayList<>();
        private final List<Map<String, Object>> extractions = new ArrayList<>();

        private CaseBuilder(String name) {
            body.put("name", name);
            body.put("request", request);
            body.put("expectations", expectations);
            body.put("extractions", extractions);
            expectations.put("jsonPath", jsonChecks);
            expectations.put("headers", headerChecks);
        }

        CaseBuilder request(String method, String path) {
            request.put("method", method);
            request.put("path", path);
            return this;
        }

        CaseBuilder get(String path) {
            return request("GET", path);
        }

        CaseBuilder post(String path, String jsonBody) {
            request("POST", path);
            request.put("bodyType", "JSON");
            request.put("body", jsonBody);
            return this;
        }

        /** A body of a type ({@code JSON}, {@code TEXT}, {@code FORM}) as written. */
        CaseBuilder body(String bodyType, String text) {
            request.put("bodyType", bodyType);
            request.put("body", text);
            return this;
        }

        CaseBuilder query(String name, String value) {
            @SuppressWarnings("unchecked")
            Map<String, String> query =
                    (Map<String, String>) request.computeIfAbsent("query", k -> new LinkedHashMap<>());
            query.put(name, value);
            return this;
        }

        CaseBuilder timeoutMs(int millis) {
            request.put("timeoutMs", millis);
            return this;
        }

        CaseBuilder expectStatus(Integer... statuses) {
            expectations.put("status", List.of(statuses));
            return this;
        }

        CaseBuilder expectJson(String path, String operator, String expected) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("path", path);
            check.put("operator", operator);
            if (expected != null) {
                check.put("expected", expected);
            }
            jsonChecks.add(check);
            return this;
        }

        CaseBuilder expectSchema(Object schema) {
            expectations.put("jsonSchema", schema);
            return this;
        }

        CaseBuilder expectHeader(String name, String operator) {
            headerChecks.add(Map.of("name", name, "operator", operator));
            return this;
        }

        CaseBuilder extract(String variable, String source, String expression) {
            Map<String, Object> extraction = new LinkedHashMap<>();
            extraction.put("name", variable);
            extraction.put("source", source);
            extraction.put("expression", expression);
            extractions.add(extraction);
            return this;
        }

        CaseBuilder header(String name, String value) {
            @SuppressWarnings("unchecked")
            Map<String, String> headers =
                    (Map<String, String>) request.computeIfAbsent("headers", k -> new LinkedHashMap<>());
            headers.put(name, value);
            return this;
        }

        /** {@code setup}, {@code test} or {@code teardown}. */
        CaseBuilder phase(String phase) {
            body.put("phase", phase);
            return this;
        }

        CaseBuilder pin(UUID dataSetId) {
            body.put("dataSetId", dataSetId);
            return this;
        }

        CaseBuilder dependsOn(UUID caseId) {
            body.put("dependsOn", caseId);
            return this;
        }

        CaseBuilder without(String field) {
            body.remove(field);
            return this;
        }

        Map<String, Object> build() {
            return body;
        }
    }

    /** Rows {@code item-i} with prices; every tenth row (i % 10 == 9) costs 100 or more. */
    static List<Map<String, Object>> itemRows(int count) {
        List<Map<String, Object>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double price = i % 10 == 9 ? 100 + (i % 7) + 0.5 : 1 + (i % 90) + 0.99;
            rows.add(Map.of("name", "item-" + i, "price", price));
        }
        return rows;
    }

    static long expensiveRows(int count) {
        return count / 10;
    }
}
