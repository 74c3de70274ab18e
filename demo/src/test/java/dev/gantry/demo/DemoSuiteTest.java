package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.client.NewCase;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DemoSuiteTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void thousandRowsExpectFourThousandStepsAndOneHundredFailures() {
        assertThat(DemoSuite.expectedTotals(1000)).isEqualTo(new RunTotals(1000, 4000, 4000, 3900, 100, 0, 0));
        assertThat(DemoSuite.expectedStatus(1000)).isEqualTo("FAILED");
    }

    @Test
    void sevenRowsHaveNoFailingRowSoTheRunMustPass() {
        assertThat(DemoSuite.expectedTotals(7)).isEqualTo(new RunTotals(7, 28, 28, 28, 0, 0, 0));
        assertThat(DemoSuite.expectedStatus(7)).isEqualTo("PASSED");
    }

    @Test
    void expectedFailuresCountTheRowsEndingInNine() {
        assertThat(DemoSuite.expectedTotals(9).failed()).isZero();
        assertThat(DemoSuite.expectedTotals(10).failed()).isEqualTo(1);
        assertThat(DemoSuite.expectedTotals(19).failed()).isEqualTo(1);
        assertThat(DemoSuite.expectedTotals(20).failed()).isEqualTo(2);
    }

    @Test
    void sevenRowsAreGeneratedWithExactPrices() {
        assertThat(DemoSuite.rows(7))
                .containsExactly(
                        row("item-0", "1.99"),
                        row("item-1", "2.99"),
                        row("item-2", "3.99"),
                        row("item-3", "4.99"),
                        row("item-4", "5.99"),
                        row("item-5", "6.99"),
                        row("item-6", "7.99"));
    }

    @Test
    void everyTenthRowIsPricedAboveTheDiscountLimit() {
        List<DataRow> rows = DemoSuite.rows(1000);

        assertThat(rows).hasSize(1000);
        assertThat(rows.get(9)).isEqualTo(row("item-9", "102.5"));
        assertThat(rows.get(19)).isEqualTo(row("item-19", "105.5"));
        assertThat(rows.get(89)).isEqualTo(row("item-89", "105.5"));
        assertThat(rows.get(49)).isEqualTo(row("item-49", "100.5"));
        assertThat(rows.get(90)).isEqualTo(row("item-90", "1.99"));
        assertThat(rows.get(999)).isEqualTo(row("item-999", "105.5"));
        long aboveLimit = rows.stream()
                .filter(r -> r.price().compareTo(BigDecimal.valueOf(100)) >= 0)
                .count();
        assertThat(aboveLimit).isEqualTo(100);
        assertThat(rows).allSatisfy(r -> {
            int index = Integer.parseInt(r.name().substring("item-".length()));
            assertThat(r.price().compareTo(BigDecimal.valueOf(100)) >= 0).isEqualTo(index % 10 == 9);
        });
    }

    @Test
    void rowsAreTheSameOnEveryCall() {
        assertThat(DemoSuite.rows(1000)).isEqualTo(DemoSuite.rows(1000));
    }

    @Test
    void pricesTravelAsExactJsonNumbers() {
        assertThat(MAPPER.writeValueAsString(DemoSuite.rows(10).subList(8, 10).stream()
                        .map(DataRow::variables)
                        .toList()))
                .isEqualTo("[{\"name\":\"item-8\",\"price\":9.99},{\"name\":\"item-9\",\"price\":102.5}]");
    }

    @Test
    void casesFormOneChainOfFourInOrder() {
        List<NewCase> cases = DemoSuite.cases();

        assertThat(cases)
                .extracting(NewCase::name)
                .containsExactly("create item", "read item back", "list items", "price within discount limit");
        assertThat(cases).hasSize(DemoSuite.CASE_COUNT);
        assertThat(cases.get(3).expectations().jsonPath())
                .containsExactly(new NewCase.JsonCheck("$.price", "lessThan", "100"));
    }

    @Test
    void createCaseIsSentInTheShapeTheControlPlaneExpects() throws Exception {
        String json = MAPPER.writeValueAsString(DemoSuite.cases().getFirst());

        assertThat(MAPPER.readTree(json))
                .isEqualTo(
                        MAPPER.readTree(
                                """
                        {"name": "create item",
                         "request": {"method": "POST", "path": "/items", "query": {}, "headers": {},
                                     "bodyType": "JSON", "body": "{\\"name\\":\\"{{name}}\\",\\"price\\":{{price}}}",
                                     "timeoutMs": 5000},
                         "expectations": {"status": [201],
                                          "jsonPath": [{"path": "$.id", "operator": "exists"}],
                                          "headers": [{"name": "Location", "operator": "exists"}],
                                          "bodyContains": [], "bodyNotContains": []},
                         "extractions": [{"name": "id", "source": "BODY", "expression": "$.id"}]}
                        """));
    }

    @Test
    void dependingOnSetsOnlyTheDependency() {
        NewCase read = DemoSuite.cases().get(1);

        UUID first = UUID.randomUUID();
        NewCase chained = read.dependingOn(first);

        assertThat(chained.dependsOn()).isEqualTo(first);
        assertThat(chained)
                .usingRecursiveComparison()
                .ignoringFields("dependsOn")
                .isEqualTo(read);
    }

    private static DataRow row(String name, String price) {
        return new DataRow(name, new BigDecimal(price));
    }
}
