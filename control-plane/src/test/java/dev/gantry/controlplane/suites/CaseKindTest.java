package dev.gantry.controlplane.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CaseKindTest {
    @Test
    void readableIdsHaveTheKindsPrefixAndAtLeastThreeDigits() {
        assertThat(CaseKind.API.readableId(1)).isEqualTo("TC_API_001");
        assertThat(CaseKind.UI.readableId(42)).isEqualTo("TC_UI_042");
        assertThat(CaseKind.HYBRID.readableId(999)).isEqualTo("TC_HYBRID_999");
    }

    @Test
    void numbersPastNineHundredNinetyNineGrowRatherThanWrap() {
        assertThat(CaseKind.API.readableId(1000)).isEqualTo("TC_API_1000");
        assertThat(CaseKind.API.readableId(123_456)).isEqualTo("TC_API_123456");
    }

    @Test
    void numbersStartAtOne() {
        assertThatThrownBy(() -> CaseKind.API.readableId(0)).hasMessageContaining("n must be positive");
    }
}
