package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.Template;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Which scope a work item's variable comes from, how long an extracted value lives, and built-ins. */
class VariablesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07.089Z"), ZoneOffset.UTC);

    /** Every scope defines "x" as its own name, and a variable only it has. */
    static Variables everyScope() {
        return new Variables(
                Map.of("x", "environment", "onlyEnvironment", "e"),
                Map.of("x", "secret", "onlySecret", "s"),
                Map.of("x", "suite", "onlySuite", "u"),
                Map.of("x", "setup", "onlySetup", "p"),
                Map.of("x", "row", "onlyRow", "r"),
                new SplittableRandom(1),
                CLOCK);
    }

    static Variables only(String scope, Map<String, String> variables) {
        Map<String, String> none = Map.of();
        return new Variables(
                scope.equals("environment") ? variables : none,
                scope.equals("secrets") ? variables : none,
                scope.equals("suite") ? variables : none,
                scope.equals("setup") ? variables : none,
                scope.equals("row") ? variables : none,
                new SplittableRandom(1),
                CLOCK);
    }

    @Test
    void eachScopeIsAboveTheOnesBelowIt() {
        Variables vars = everyScope();
        assertThat(vars.apply("x")).isEqualTo("row");
        vars.extracted("x", "extracted");
        assertThat(vars.apply("x")).isEqualTo("extracted");

        assertThat(x("environment", "secret", "suite", "setup", null).apply("x"))
                .isEqualTo("setup");
        assertThat(x("environment", "secret", "suite", null, null).apply("x")).isEqualTo("suite");
        assertThat(x("environment", "secret", null, null, null).apply("x")).isEqualTo("secret");
        assertThat(x("environment", null, null, null, null).apply("x")).isEqualTo("environment");
    }

    /** Variables in which each scope given a value defines "x" as it. */
    static Variables x(String environment, String secret, String suite, String setup, String row) {
        return new Variables(x(environment), x(secret), x(suite), x(setup), x(row), new SplittableRandom(1), CLOCK);
    }

    private static Map<String, String> x(String value) {
        return value == null ? Map.of() : Map.of("x", value);
    }

    @Test
    void aVariableOnlyALowerScopeHasShowsThrough() {
        Variables vars = everyScope();
        vars.extracted("onlyExtracted", "x");
        assertThat(vars.apply("onlyEnvironment")).isEqualTo("e");
        assertThat(vars.apply("onlySecret")).isEqualTo("s");
        assertThat(vars.apply("onlySuite")).isEqualTo("u");
        assertThat(vars.apply("onlySetup")).isEqualTo("p");
        assertThat(vars.apply("onlyRow")).isEqualTo("r");
        assertThat(vars.apply("onlyExtracted")).isEqualTo("x");
        for (String scope : new String[] {"environment", "secrets", "suite", "setup", "row"}) {
            assertThat(only(scope, Map.of("v", scope)).apply("v")).as(scope).isEqualTo(scope);
        }
    }

    @Test
    void aVariableNoScopeHasIsNullSoThatRenderingNamesIt() {
        Variables vars = everyScope();
        assertThat(vars.apply("nowhere")).isNull();
        assertThatThrownBy(() -> Template.parse("/things/{{nowhere}}").render(vars))
                .isInstanceOfSatisfying(Template.UnknownVariableException.class, e -> assertThat(e.variable())
                        .isEqualTo("nowhere"));
    }

    @Test
    void whatAStepExtractsLivesAsLongAsItsWorkItem() {
        Variables first = everyScope();
        first.extracted("token", "t-1");
        first.extracted("token", "t-2");
        assertThat(first.apply("token")).isEqualTo("t-2");
        assertThat(first.extracted()).isEqualTo(Map.of("token", "t-2"));

        Variables next = everyScope();
        assertThat(next.apply("token")).isNull();
        assertThat(next.extracted()).isEmpty();
    }

    @Test
    void builtInsComeFromTheClockAndTheWorkItemsRandomSource() {
        Variables vars = everyScope();
        assertThat(vars.apply("$timestamp"))
                .isEqualTo(String.valueOf(CLOCK.instant().getEpochSecond()));
        assertThat(vars.apply("$isoDateTime")).isEqualTo("2026-03-04T05:06:07.089Z");
        assertThat(vars.apply("$randomInt 5 5")).isEqualTo("5");
        assertThat(vars.apply("$randomEmail")).matches("user-[0-9a-f]{8}@example\\.com");
        assertThat(vars.apply("$uuid"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(vars.apply("$uuid"));
    }

    @Test
    void aBuiltInIsNeverShadowedByAVariable() {
        Variables vars = only("row", Map.of("$timestamp", "from the row"));
        assertThat(vars.apply("$timestamp"))
                .isEqualTo(String.valueOf(CLOCK.instant().getEpochSecond()));
    }

    @Test
    void withASeedEachWorkItemDrawsTheSameValuesInEveryRunAndOthersThanItsNeighbours() {
        String[] first = draws(Variables.random(42L, 7));
        assertThat(draws(Variables.random(42L, 7))).containsExactly(first);
        assertThat(draws(Variables.random(42L, 8))).doesNotContain(first);
        assertThat(draws(Variables.random(43L, 7))).doesNotContain(first);
    }

    @Test
    void withoutASeedValuesDifferFromRunToRun() {
        assertThat(draws(Variables.random(null, 7))).doesNotContain(draws(Variables.random(null, 7)));
    }

    private static String[] draws(RandomGenerator random) {
        Variables vars = new Variables(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), random, CLOCK);
        return new String[] {vars.apply("$uuid"), vars.apply("$randomInt 0 1000000000"), vars.apply("$uuid")};
    }
}
