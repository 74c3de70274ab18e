package dev.gantry.controlplane.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionValuesTest {
    @Test
    void aBooleanVariableAndItsNegation() {
        assertThat(ConditionValues.solve("${approved}", true)).contains(Map.of("approved", true));
        assertThat(ConditionValues.solve("${!approved}", true)).contains(Map.of("approved", false));
        assertThat(ConditionValues.solve("${approved}", false)).contains(Map.of("approved", false));
    }

    @Test
    void comparisonsGetTheNearestValueOnEachSide() {
        assertThat(ConditionValues.solve("${amount > 1000}", true)).contains(Map.of("amount", 1001L));
        assertThat(ConditionValues.solve("${amount > 1000}", false)).contains(Map.of("amount", 1000L));
        assertThat(ConditionValues.solve("#{amount le 99.5}", false)).contains(Map.of("amount", 100.5));
        assertThat(ConditionValues.solve("${1000 < amount}", true)).contains(Map.of("amount", 1001L));
        assertThat(ConditionValues.solve("${status == 'GOLD'}", true)).contains(Map.of("status", "GOLD"));
        assertThat(ConditionValues.solve("${status == 'GOLD'}", false)).contains(Map.of("status", "not-GOLD"));
        assertThat(ConditionValues.solve("${phone != null}", true)).contains(Map.of("phone", "sample"));
    }

    @Test
    void conjunctionsAndDisjunctions() {
        assertThat(ConditionValues.solve("${vip && amount >= 10}", true)).contains(Map.of("vip", true, "amount", 10L));
        assertThat(ConditionValues.solve("${vip and amount >= 10}", false)).contains(Map.of("vip", false));
        assertThat(ConditionValues.solve("${(vip || amount > 5)}", false)).contains(Map.of("vip", false, "amount", 5L));
    }

    @Test
    void whatIsNotUnderstoodAnswersNothing() {
        assertThat(ConditionValues.solve("${invoice.amount > 5}", true)).isEmpty();
        assertThat(ConditionValues.solve("${execution.getVariable('x')}", true)).isEmpty();
        assertThat(ConditionValues.solve("approved", true)).isEmpty();
        assertThat(ConditionValues.solve("${a + b > 3}", true)).isEmpty();
        assertThat(ConditionValues.solve("${'x' == 'y'}", true)).isEmpty();
    }
}
