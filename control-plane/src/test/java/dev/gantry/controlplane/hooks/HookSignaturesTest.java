package dev.gantry.controlplane.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookSignaturesTest {
    static final String SECRET = "s3cret-s3cret-s3cret";
    static final byte[] BODY =
            "{\"suite\": \"smoke\", \"environment\": \"staging\", \"commit\": \"9fceb02d0ae598e95dc970b74767f19372d61af8\"}"
                    .getBytes(StandardCharsets.UTF_8);

    /**
     * The README's shell recipe, run once with openssl 3 ({@code printf '%s\n%s\n%s\n' "$TS" "$ID"
     * "$QUERY"; cat body.json} piped to {@code openssl dgst -sha256 -hmac "$SECRET"}): what a CI job
     * computes is what the control plane checks.
     */
    @Test
    void theSignatureIsWhatTheReadmesOpensslRecipeComputes() {
        assertThat(HookSignatures.sign(SECRET, "1700000000", "build-4711", "suite=smoke&environment=staging", BODY))
                .isEqualTo("sha256=2f378864bfd0a042fa6cf99428ced17aa07e4b89f0a1de0e6ff054a55a8f9829");
    }

    @Test
    void timestampDeliveryIdQueryAndBodyAreEachCovered() {
        String signature = HookSignatures.sign(SECRET, "1700000000", "build-4711", "suite=smoke", BODY);
        assertThat(signature).startsWith("sha256=").hasSize(7 + 64);
        assertThat(HookSignatures.valid(SECRET, "1700000000", "build-4711", "suite=smoke", BODY, signature))
                .isTrue();
        assertThat(HookSignatures.valid(
                        SECRET, "1700000000", "build-4711", "suite=smoke", BODY, signature.toUpperCase()))
                .as("hex digits in either case")
                .isTrue();
        assertThat(HookSignatures.valid(SECRET, "1700000001", "build-4711", "suite=smoke", BODY, signature))
                .as("timestamp")
                .isFalse();
        assertThat(HookSignatures.valid(SECRET, "1700000000", "build-4712", "suite=smoke", BODY, signature))
                .as("delivery id")
                .isFalse();
        assertThat(HookSignatures.valid(SECRET, "1700000000", "build-4711", "suite=slow", BODY, signature))
                .as("query")
                .isFalse();
        assertThat(HookSignatures.valid(SECRET, "1700000000", "build-4711", "", BODY, signature))
                .as("query left out")
                .isFalse();
        assertThat(HookSignatures.valid(
                        SECRET,
                        "1700000000",
                        "build-4711",
                        "suite=smoke",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        signature))
                .as("body")
                .isFalse();
        assertThat(HookSignatures.valid(
                        "other-secret-secret", "1700000000", "build-4711", "suite=smoke", BODY, signature))
                .as("secret")
                .isFalse();
        assertThat(HookSignatures.valid(SECRET, "1700000000", "build-4711", "suite=smoke", BODY, null))
                .isFalse();
    }

    @Test
    void movingTextBetweenFieldsChangesTheSignature() {
        // the line feeds keep the fields apart: the same characters split differently sign differently
        assertThat(HookSignatures.sign(SECRET, "1700000000", "a", "b", BODY))
                .isNotEqualTo(HookSignatures.sign(SECRET, "1700000000", "", "a\nb", BODY))
                .isNotEqualTo(HookSignatures.sign(SECRET, "1700000000", "ab", "", BODY));
    }

    @Test
    void theQueryIsReadFromTheSignedStringAndANameTwiceIsRefused() {
        assertThat(HookController.queryParameters("suite=my+suite&environment=st%61ging&flag"))
                .isEqualTo(Map.of("suite", "my suite", "environment", "staging", "flag", ""));
        assertThat(HookController.queryParameters("")).isEmpty();
        assertThatThrownBy(() -> HookController.queryParameters("suite=a&suite=b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("suite");
        assertThatThrownBy(() -> HookController.queryParameters("suite=%zz"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("suite");
    }
}
