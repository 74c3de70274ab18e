package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.model.SecretBox;
import org.springframework.stereotype.Component;

/** Seals secret values with the configured key; without a key, secrets are refused, never stored in clear. */
@Component
public class Secrets {
    private final SecretBox box;

    Secrets(SecurityProperties properties) {
        String key = properties.encryptionKey();
        this.box = key == null || key.isBlank() ? null : SecretBox.fromBase64Key(key);
    }

    public String seal(String field, String plaintext) {
        if (box == null) {
            throw new InvalidInputException(
                    field,
                    "secrets are disabled: the control plane has no encryption key"
                            + " (set GANTRY_ENCRYPTION_KEY to Base64 of 32 random bytes)");
        }
        return box.seal(plaintext);
    }

    /**
     * The plaintext of a sealed value, for the control plane's own outbound calls (a JIRA
     * connection's token); never answered or logged.
     */
    public String open(String field, String sealed) {
        if (box == null) {
            throw new InvalidInputException(field, "secrets are disabled: the control plane has no encryption key");
        }
        return box.open(sealed);
    }
}
