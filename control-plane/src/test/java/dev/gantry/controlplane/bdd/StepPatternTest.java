package dev.gantry.controlplane.bdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.InvalidInputException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepPatternTest {
    @Test
    void typedParametersMatchTheirValuesAndStringsLoseTheirQuotes() {
        StepPattern pattern = StepPattern.parse("pattern", "the item \"{name}\" costs {price:number}");
        assertThat(pattern.parameters())
                .extracting(p -> p.name() + ":" + p.type())
                .containsExactly("name:STRING", "price:NUMBER");
        assertThat(pattern.match("the item \"Red \\\"Rose\\\" mug\" costs 12.50"))
                .contains(Map.of("name", "Red \"Rose\" mug", "price", "12.50"));
        assertThat(pattern.match("the item \"mug\" costs -3")).contains(Map.of("name", "mug", "price", "-3"));
        assertThat(pattern.match("the item \"mug\" costs twelve")).isEmpty();
        assertThat(pattern.match("the item mug costs 12")).isEmpty();
    }

    @Test
    void intBooleanAndWordParametersAndAnOutlinesPlaceholders() {
        StepPattern pattern =
                StepPattern.parse("pattern", "I ask for {count:int} {kind} items in stock {inStock:boolean}");
        assertThat(pattern.match("I ask for 3 blue items in stock true"))
                .contains(Map.of("count", "3", "kind", "blue", "inStock", "true"));
        assertThat(pattern.match("I ask for 3.5 blue items in stock true")).isEmpty();
        assertThat(pattern.match("I ask for 3 blue items in stock maybe")).isEmpty();
        // an outline's step is matched once, its placeholders standing for the values
        assertThat(pattern.match("I ask for <count> <kind> items in stock <inStock>"))
                .contains(Map.of("count", "<count>", "kind", "<kind>", "inStock", "<inStock>"));
    }

    @Test
    void optionalTextAndAlternativesAreCucumbers() {
        StepPattern pattern = StepPattern.parse("pattern", "I have {count:int} cucumber(s) in my belly/stomach");
        assertThat(pattern.match("I have 1 cucumber in my belly")).contains(Map.of("count", "1"));
        assertThat(pattern.match("I have 42 cucumbers in my stomach")).contains(Map.of("count", "42"));
        assertThat(pattern.sample()).isEqualTo(Optional.empty());
        assertThat(StepPattern.parse("pattern", "the price is {price:number}").sample())
                .contains("the price is 1");
        assertThat(pattern.words()).contains("cucumber").contains("belly").doesNotContain("count");
    }

    @Test
    void badPatternsAreRefusedNamingTheField() {
        assertRefused("the amount is {amount:money}", "unknown parameter type 'money'");
        assertRefused("a nameless {} parameter", "needs a name");
        assertRefused("{a} and {a}", "appears twice");
        assertRefused("the {docString} is", "another name");
        assertRefused("^the price is (\\d+)$", "not a regular expression");
        assertRefused(" ", "must not be blank");
        assertRefused("x".repeat(StepPattern.MAX_LENGTH + 1), "at most");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= StepPattern.MAX_PARAMETERS; i++) {
            many.append("{p").append(i).append("} ");
        }
        assertRefused(many.toString(), "at most " + StepPattern.MAX_PARAMETERS + " parameters");
        assertRefused("an unclosed (optional", "not a Cucumber Expression");
    }

    private static void assertRefused(String pattern, String message) {
        assertThatThrownBy(() -> StepPattern.parse("steps[0].pattern", pattern))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException refused = (InvalidInputException) e;
                    assertThat(refused.violations().getFirst().field()).isEqualTo("steps[0].pattern");
                    assertThat(refused.violations().getFirst().message()).contains(message);
                });
    }
}
