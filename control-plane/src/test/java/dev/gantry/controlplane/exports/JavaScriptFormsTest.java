package dev.gantry.controlplane.exports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JSONPaths, regular expressions and expected values as JavaScript, or refused with the reason. */
class JavaScriptFormsTest {
    @Test
    void definitePathsBecomePropertyAccesses() {
        assertThat(JavaScriptForms.access("$").plain()).isEmpty();
        assertThat(JavaScriptForms.access("$.items[0].name").plain()).isEqualTo(".items[0].name");
        assertThat(JavaScriptForms.access("$['a b'][\"c\"].d-e").plain()).isEqualTo("[\"a b\"][\"c\"][\"d-e\"]");
        assertThat(JavaScriptForms.access("$.items[-1]").plain()).isEqualTo(".items.at(-1)");
        assertThat(JavaScriptForms.access("$.a.b[2]").optional()).isEqualTo("?.a?.b?.[2]");
    }

    @Test
    void pathsWithoutAJavaScriptEquivalentAreRefusedWithTheReason() {
        assertThat(JavaScriptForms.access("$..price").reason()).contains("deep scan");
        assertThat(JavaScriptForms.access("$.items[*].id").reason()).contains("wildcard");
        assertThat(JavaScriptForms.access("$.items.*").reason()).contains("wildcard");
        assertThat(JavaScriptForms.access("$.items[?(@.price < 10)]").reason()).contains("filter");
        assertThat(JavaScriptForms.access("$.items[0,1]").reason()).contains("index list");
        assertThat(JavaScriptForms.access("$.items[0:2]").reason()).contains("slice");
        assertThat(JavaScriptForms.access("$['a','b']").reason()).contains("union");
        assertThat(JavaScriptForms.access("$.items.length()").reason()).contains("function");
    }

    @Test
    void regularExpressionsBecomeLiteralsWhenJavaScriptReadsThemAlike() {
        assertThat(JavaScriptForms.regex("^[a-z]+/\\d{2}$").literal()).isEqualTo("/^[a-z]+\\/\\d{2}$/");
        assertThat(JavaScriptForms.regex("(?i)^ok").literal()).isEqualTo("/^ok/i");
        assertThat(JavaScriptForms.regex("(?<year>\\d{4})-(?:\\d\\d)(?=x)(?<!y)a+?")
                        .literal())
                .isEqualTo("/(?<year>\\d{4})-(?:\\d\\d)(?=x)(?<!y)a+?/");
        assertThat(JavaScriptForms.regex("\\++").literal()).isEqualTo("/\\++/");
        assertThat(JavaScriptForms.regex("[/+]").literal()).isEqualTo("/[\\/+]/");
    }

    @Test
    void javaOnlyRegexConstructsAreRefused() {
        assertThat(JavaScriptForms.regex("a++").reason()).contains("possessive");
        assertThat(JavaScriptForms.regex("(?>a)").reason()).contains("(?>");
        assertThat(JavaScriptForms.regex("\\Aok\\z").reason()).contains("\\A");
        assertThat(JavaScriptForms.regex("[a-z&&[^b]]").reason()).isNotNull();
        assertThat(JavaScriptForms.regex("\\p{L}+").reason()).contains("\\p");
        assertThat(JavaScriptForms.regex("a(?i)b").reason()).contains("(?i");
        assertThat(JavaScriptForms.regex("(?x)a b").reason()).contains("(?x)");
        assertThat(JavaScriptForms.regex("[]a]").reason()).contains("]");
        assertThat(JavaScriptForms.regex("(").reason()).contains("not a valid");
    }

    @Test
    void expectedValuesAreTheLiteralsPeopleWrite() {
        assertThat(JavaScriptForms.literal("42")).isEqualTo("42");
        assertThat(JavaScriptForms.literal("-9.99")).isEqualTo("-9.99");
        assertThat(JavaScriptForms.literal("true")).isEqualTo("true");
        assertThat(JavaScriptForms.literal("null")).isEqualTo("null");
        assertThat(JavaScriptForms.literal("007")).isEqualTo("\"007\"");
        assertThat(JavaScriptForms.literal("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
        assertThat(JavaScriptForms.isTemplate("{{name}}")).isTrue();
    }
}
