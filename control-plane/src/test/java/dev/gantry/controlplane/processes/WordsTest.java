package dev.gantry.controlplane.processes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void operationIdsPathsAndTaskNamesMeetAtTheSameStems() {
        assertThat(Words.stems("reserveStock", 10)).containsExactly("reserv", "stock");
        assertThat(Words.stems("Reserve stock", 10)).containsExactly("reserv", "stock");
        assertThat(Words.stems("reservations", 10)).containsExactly("reserv");
        assertThat(Words.stems("create_shipment", 10)).containsExactly("creat", "ship");
        assertThat(Words.stems("Shipping", 10)).containsExactly("ship");
        assertThat(Words.stems("delivery-addresses", 10)).containsExactly("delivery", "address");
        assertThat(Words.stems("getHTTPStatus", 10)).containsExactly("get", "http", "status");
        assertThat(Words.stems("Cancel the order", 10)).containsExactly("cancel", "order");
        assertThat(Words.stems("cancelled orders", 10)).containsExactly("cancel", "order");
    }

    @Test
    void aPathSegmentNamesTheVariableOfWhatItHolds() {
        assertThat(ScenarioPlanner.variableOf("orders")).isEqualTo("orderId");
        assertThat(ScenarioPlanner.variableOf("delivery-addresses")).isEqualTo("deliveryAddressId");
        assertThat(ScenarioPlanner.variableOf("categories")).isEqualTo("categoryId");
    }
}
