package dev.gantry.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo suite: four chained cases against the sample API, its generated data rows and the exact totals to expect. */
final class DemoSuite {

    static final String NAME = "Items API regression";
    static final String DESCRIPTION = "Creates an item, reads it back, lists items and checks a discount limit"
            + " that every tenth row breaks on purpose.";
    static final String DATA_SET_NAME = "items";
    static final int CASE_COUNT = 4;

    private static final BigDecimal CENTS_99 = new BigDecimal("0.99");
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final long TIMEOUT_MS = 5_000;

    private DemoSuite() {}

    /** A case as the REST API takes it; {@code dependsOn} is filled in once the previous case has an id. */
    record CaseSpec(
            String name,
            String dependsOn,
            RequestSpec request,
            ExpectSpec expectations,
            List<ExtractSpec> extractions) {

        CaseSpec dependingOn(String caseId) {
            return new CaseSpec(name, caseId, request, expectations, extractions);
        }
    }

    /** The HTTP request of a case; values may hold {@code {{var}}} placeholders. */
    record RequestSpec(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String bodyType,
            String body,
            long timeoutMs) {}

    /** What a response must satisfy for the step to pass. */
    record ExpectSpec(
            List<Integer> status,
            List<JsonCheck> jsonPath,
            List<HeaderCheck> headers,
            List<String> bodyContains,
            List<String> bodyNotContains,
            Long maxResponseTimeMs) {}

    /** A check on the value a JSONPath selects from the response body; {@code expected} is null for exists. */
    record JsonCheck(String path, String operator, String expected) {}

    /** A check on a response header. */
    record HeaderCheck(String name, String operator, String expected) {}

    /** Saves a value of the response under a variable name for the later cases of the chain. */
    record ExtractSpec(String name, String source, String expression) {}

    /** The cases in chain order; each depends on the one before it. */
    static List<CaseSpec> cases() {
        return List.of(
                new CaseSpec(
                        "create item",
                        null,
                        request("POST", "/items", Map.of(), "JSON", "{\"name\":\"{{name}}\",\"price\":{{price}}}"),
                        expect(
                                201,
                                List.of(new JsonCheck("$.id", "exists", null)),
                                List.of(new HeaderCheck("Location", "exists", null))),
                        List.of(new ExtractSpec("id", "BODY", "$.id"))),
                new CaseSpec(
                        "read item back",
                        null,
                        request("GET", "/items/{{id}}", Map.of(), null, null),
                        expect(
                                200,
                                List.of(
                                        new JsonCheck("$.name", "equals", "{{name}}"),
                                        new JsonCheck("$.price", "equals", "{{price}}")),
                                List.of()),
                        List.of()),
                new CaseSpec(
                        "list items",
                        null,
                        request("GET", "/items", Map.of("limit", "5"), null, null),
                        expect(200, List.of(new JsonCheck("$.count", "greaterThan", "0")), List.of()),
                        List.of()),
                new CaseSpec(
                        "price within discount limit",
                        null,
                        request("GET", "/items/{{id}}", Map.of(), null, null),
                        expect(200, List.of(new JsonCheck("$.price", "lessThan", "100")), List.of()),
                        List.of()));
    }

    /** The first {@code count} data rows; the same count always yields the same rows. */
    static List<DataRow> rows(int count) {
        List<DataRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new DataRow("item-" + i, price(i)));
        }
        return rows;
    }

    /** Whether row {@code index} is priced above the discount limit, so its last case fails. */
    static boolean failsOnPurpose(int index) {
        return index % 10 == 9;
    }

    static BigDecimal price(int index) {
        return failsOnPurpose(index)
                ? BigDecimal.valueOf(100 + index % 7).add(HALF)
                : BigDecimal.valueOf(1 + index % 90).add(CENTS_99);
    }

    /** The totals a finished run over {@code rowCount} rows must report, exactly. */
    static RunTotals expectedTotals(int rowCount) {
        long steps = (long) CASE_COUNT * rowCount;
        long failed = 0;
        for (int i = 0; i < rowCount; i++) {
            if (failsOnPurpose(i)) {
                failed++;
            }
        }
        return new RunTotals(rowCount, steps, steps, steps - failed, failed, 0, 0);
    }

    /** FAILED when some rows fail on purpose; fewer than ten rows contain none, so such a run passes. */
    static String expectedStatus(int rowCount) {
        return expectedTotals(rowCount).failed() > 0 ? "FAILED" : "PASSED";
    }

    private static RequestSpec request(
            String method, String path, Map<String, String> query, String bodyType, String body) {
        return new RequestSpec(method, path, query, Map.of(), bodyType, body, TIMEOUT_MS);
    }

    private static ExpectSpec expect(int status, List<JsonCheck> jsonPath, List<HeaderCheck> headers) {
        return new ExpectSpec(List.of(status), jsonPath, headers, List.of(), List.of(), null);
    }
}
