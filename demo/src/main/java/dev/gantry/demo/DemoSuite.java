package dev.gantry.demo;

import dev.gantry.client.NewCase;
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

    /** The cases in chain order; each depends on the one before it. */
    static List<NewCase> cases() {
        return List.of(
                new NewCase(
                        "create item",
                        null,
                        request("POST", "/items", Map.of(), "JSON", "{\"name\":\"{{name}}\",\"price\":{{price}}}"),
                        expect(
                                201,
                                List.of(new NewCase.JsonCheck("$.id", "exists", null)),
                                List.of(new NewCase.HeaderCheck("Location", "exists", null))),
                        List.of(new NewCase.Extraction("id", "BODY", "$.id"))),
                new NewCase(
                        "read item back",
                        null,
                        request("GET", "/items/{{id}}", Map.of(), null, null),
                        expect(
                                200,
                                List.of(
                                        new NewCase.JsonCheck("$.name", "equals", "{{name}}"),
                                        new NewCase.JsonCheck("$.price", "equals", "{{price}}")),
                                List.of()),
                        List.of()),
                new NewCase(
                        "list items",
                        null,
                        request("GET", "/items", Map.of("limit", "5"), null, null),
                        expect(200, List.of(new NewCase.JsonCheck("$.count", "greaterThan", "0")), List.of()),
                        List.of()),
                new NewCase(
                        "price within discount limit",
                        null,
                        request("GET", "/items/{{id}}", Map.of(), null, null),
                        expect(200, List.of(new NewCase.JsonCheck("$.price", "lessThan", "100")), List.of()),
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

    private static NewCase.Request request(
            String method, String path, Map<String, String> query, String bodyType, String body) {
        return new NewCase.Request(method, path, query, Map.of(), bodyType, body, TIMEOUT_MS);
    }

    private static NewCase.Expectations expect(
            int status, List<NewCase.JsonCheck> jsonPath, List<NewCase.HeaderCheck> headers) {
        return new NewCase.Expectations(List.of(status), jsonPath, headers, List.of(), List.of(), null);
    }
}
