package dev.gantry.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Bodies of the requests a user of Gantry's API sends, so a test reads as the scenario it checks:
 * {@code aTenant().onPlan("Free")}, {@code aCase("read").get("/items/{{id}}").expectStatus(200)}.
 * Names are unique, as the tests of one JVM share one farm.
 */
public final class RequestBodies {
    private RequestBodies() {}

    /** {@code POST /api/v1/admin/tenants}: a tenant of a unique name on the Pro plan. */
    public static TenantBuilder aTenant() {
        return new TenantBuilder();
    }

    /** {@code POST /api/v1/admin/tenants/{id}/users}: a user of a unique address with a role. */
    public static Map<String, Object> aUser(String role) {
        return Map.of("email", UUID.randomUUID() + "@it.test", "role", role);
    }

    /** {@code POST /api/v1/projects}: a project named {@code prefix} and something unique. */
    public static Map<String, Object> aProject(String prefix) {
        return Map.of("name", prefix + "-" + UUID.randomUUID());
    }

    /** {@code POST /api/v1/projects/{id}/environments}. */
    public static Map<String, Object> anEnvironment(String name, String baseUrl) {
        return Map.of("name", name, "baseUrl", baseUrl);
    }

    /** {@code POST /api/v1/projects/{id}/suites}. */
    public static Map<String, Object> aSuite(String name) {
        return Map.of("name", name);
    }

    /** {@code POST /api/v1/suites/{id}/cases}. */
    public static CaseBuilder aCase(String name) {
        return new CaseBuilder(name);
    }

    /** A JSON-path check of a case's expectations; {@code expected} may be null (for {@code exists}, say). */
    public static Map<String, Object> aJsonPathCheck(String path, String operator, String expected) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("path", path);
        check.put("operator", operator);
        if (expected != null) {
            check.put("expected", expected);
        }
        return check;
    }

    /** A header check of a case's expectations; {@code expected} may be null. */
    public static Map<String, Object> aHeaderCheck(String name, String operator, String expected) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", name);
        check.put("operator", operator);
        if (expected != null) {
            check.put("expected", expected);
        }
        return check;
    }

    /** An extraction of a case: {@code variable} from {@code source} ({@code BODY}, {@code HEADER}, {@code STATUS}). */
    public static Map<String, Object> anExtraction(String variable, String source, String expression) {
        Map<String, Object> extraction = new LinkedHashMap<>();
        extraction.put("name", variable);
        extraction.put("source", source);
        extraction.put("expression", expression);
        return extraction;
    }

    /** {@code POST /api/v1/suites/{id}/data-sets}: a data set named {@code name} of these rows. */
    public static Map<String, Object> aDataSet(String name, List<? extends Map<String, ?>> rows) {
        return Map.of("name", name, "rows", rows);
    }

    /** {@code count} rows {@code {"n": i}}. */
    public static List<Map<String, Object>> numberedRows(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> Map.<String, Object>of("n", i))
                .toList();
    }

    /** Rows {@code item-i} with prices; every tenth row (i % 10 == 9) costs 100 or more. */
    public static List<Map<String, Object>> itemRows(int count) {
        List<Map<String, Object>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double price = i % 10 == 9 ? 100 + (i % 7) + 0.5 : 1 + (i % 90) + 0.99;
            rows.add(Map.of("name", "item-" + i, "price", price));
        }
        return rows;
    }

    /** The rows of {@link #itemRows} that cost 100 or more. */
    public static long expensiveRows(int count) {
        return count / 10;
    }

    /** Builds the body of {@code POST /api/v1/admin/tenants}. */
    public static final class TenantBuilder {
        private String name = "t-" + UUID.randomUUID();
        private String plan = "Pro";
        private String adminEmail = UUID.randomUUID() + "@it.test";
        private String adminName;

        private TenantBuilder() {}

        /** A name that starts with {@code prefix} (and stays unique), to find the tenant in logs and scrapes. */
        public TenantBuilder named(String prefix) {
            name = prefix + "-" + UUID.randomUUID();
            return this;
        }

        /** The name of the tenant's first administrator (else the local part of the e-mail). */
        public TenantBuilder adminNamed(String name) {
            this.adminName = name;
            return this;
        }

        public TenantBuilder onPlan(String plan) {
            this.plan = plan;
            return this;
        }

        public String name() {
            return name;
        }

        public Map<String, Object> build() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("plan", plan);
            body.put("adminEmail", adminEmail);
            if (adminName != null) {
                body.put("adminName", adminName);
            }
            return body;
        }
    }

    /** Builds the body of {@code POST /api/v1/suites/{id}/cases}. */
    public static final class CaseBuilder {
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

        /** Files the case: its tags, priority, type (any of them may be null: not sent). */
        public CaseBuilder filed(List<String> tags, String priority, String type) {
            putIfSet("tags", tags);
            putIfSet("priority", priority);
            putIfSet("type", type);
            return this;
        }

        /** {@code manual} or {@code automated}, with an automation status (null: not sent). */
        public CaseBuilder mode(String mode, String automationStatus) {
            putIfSet("mode", mode);
            putIfSet("automationStatus", automationStatus);
            return this;
        }

        private void putIfSet(String field, Object value) {
            if (value != null) {
                body.put(field, value);
            }
        }

        public CaseBuilder request(String method, String path) {
            request.put("method", method);
            request.put("path", path);
            return this;
        }

        public CaseBuilder get(String path) {
            return request("GET", path);
        }

        public CaseBuilder post(String path, String jsonBody) {
            request("POST", path);
            request.put("bodyType", "JSON");
            request.put("body", jsonBody);
            return this;
        }

        /** A body of a type ({@code JSON}, {@code TEXT}, {@code FORM}) as written. */
        public CaseBuilder body(String bodyType, String text) {
            request.put("bodyType", bodyType);
            request.put("body", text);
            return this;
        }

        public CaseBuilder query(String name, String value) {
            @SuppressWarnings("unchecked")
            Map<String, String> query =
                    (Map<String, String>) request.computeIfAbsent("query", k -> new LinkedHashMap<>());
            query.put(name, value);
            return this;
        }

        public CaseBuilder timeoutMs(int millis) {
            request.put("timeoutMs", millis);
            return this;
        }

        public CaseBuilder expectStatus(Integer... statuses) {
            expectations.put("status", List.of(statuses));
            return this;
        }

        public CaseBuilder expectJson(String path, String operator, String expected) {
            jsonChecks.add(aJsonPathCheck(path, operator, expected));
            return this;
        }

        public CaseBuilder expectSchema(Object schema) {
            expectations.put("jsonSchema", schema);
            return this;
        }

        public CaseBuilder expectHeader(String name, String operator) {
            headerChecks.add(aHeaderCheck(name, operator, null));
            return this;
        }

        public CaseBuilder extract(String variable, String source, String expression) {
            extractions.add(anExtraction(variable, source, expression));
            return this;
        }

        public CaseBuilder header(String name, String value) {
            @SuppressWarnings("unchecked")
            Map<String, String> headers =
                    (Map<String, String>) request.computeIfAbsent("headers", k -> new LinkedHashMap<>());
            headers.put(name, value);
            return this;
        }

        /** {@code setup}, {@code test} or {@code teardown}. */
        public CaseBuilder phase(String phase) {
            body.put("phase", phase);
            return this;
        }

        public CaseBuilder pin(UUID dataSetId) {
            body.put("dataSetId", dataSetId);
            return this;
        }

        public CaseBuilder dependsOn(UUID caseId) {
            body.put("dependsOn", caseId);
            return this;
        }

        public CaseBuilder without(String field) {
            body.remove(field);
            return this;
        }

        public Map<String, Object> build() {
            return body;
        }
    }
}
