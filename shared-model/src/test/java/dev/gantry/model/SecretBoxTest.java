package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void aSealedValueOpensToItselfAndNeverShowsItInClear() {
        SecretBox box = SecretBox.fromBase64Key(KEY);
        String sealed = box.seal("s3cret-token");
        assertThat(sealed).doesNotContain("s3cret");
        assertThat(box.open(sealed)).isEqualTo("s3cret-token");
        assertThat(box.seal("s3cret-token")).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherKeyOrAnAlteredValueCannotOpenIt() {
        String sealed = SecretBox.fromBase64Key(KEY).seal("s3cret-token");
        assertThatThrownBy(() -> SecretBox.fromBase64Key(OTHER_KEY).open(sealed))
                .hasMessageContaining("wrong key");
        byte[] bytes = Base64.getDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        String altered = Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> SecretBox.fromBase64Key(KEY).open(altered)).hasMessageContaining("altered");
    }

    @Test
    void keysMustBe256BitsOfBase64() {
        assertThatThrownBy(() -> SecretBox.fromBase64Key("not base64!")).hasMessageContaining("not Base64");
        assertThatThrownBy(() -> SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
