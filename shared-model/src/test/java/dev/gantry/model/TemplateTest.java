package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test
    void rendersVariablesFromTheLookup() {
        Template t = Template.parse("/items/{{id}}?q={{ name }}&x=1");
        assertThat(t.variables()).containsExactly("id", "name");
        assertThat(t.render(Map.of("id", "42", "name", "bob")::get)).isEqualTo("/items/42?q=bob&x=1");
    }

    @Test
    void aConstantTemplateIsTheIdentity() {
        Template t = Template.parse("{\"a\": 1}");
        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(name -> null)).isEqualTo("{\"a\": 1}");
    }

    @Test
    void anUnknownVariableIsAnErrorNotAnEmptyString() {
        Template t = Template.parse("/items/{{id}}");
        assertThatThrownBy(() -> t.render(name -> null))
                .isInstanceOf(Template.UnknownVariableException.class)
                .hasMessage("unknown variable {{id}}");
    }

    @Test
    void malformedTemplatesSayWhatIsWrong() {
        assertThatThrownBy(() -> Template.parse("/items/{{id")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> Template.parse("{{1abc}}")).hasMessageContaining("not a variable name");
        assertThatThrownBy(() -> Template.parse("{{}}")).hasMessageContaining("not a variable name");
    }

    @Test
    void closingBracesOfJsonAreLiteralText() {
        Template t = Template.parse("{\"a\":{\"b\":{{x}}}}");
        assertThat(t.render(Map.of("x", "1")::get)).isEqualTo("{\"a\":{\"b\":1}}");
        assertThat(Template.parse("{\"a\":{\"b\":1}}").isConstant()).isTrue();
    }

    @Test
    void builtInsAreCheckedByNameAndArguments() {
        assertThat(Template.parse("{{$uuid}}").variables()).containsExactly("$uuid");
        assertThat(Template.parse("{{ $randomInt  1 100 }}").variables()).containsExactly("$randomInt 1 100");
        assertThatThrownBy(() -> Template.parse("{{$nope}}")).hasMessageContaining("unknown built-in $nope");
        assertThatThrownBy(() -> Template.parse("{{$randomInt 1}}")).hasMessageContaining("takes 2 argument(s), not 1");
        assertThatThrownBy(() -> Template.parse("{{$randomInt 9 1}}")).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> Template.parse("{{$uuid x}}")).hasMessageContaining("not a variable name");
    }
}
