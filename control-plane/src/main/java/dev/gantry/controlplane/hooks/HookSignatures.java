package dev.gantry.controlplane.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gantry's webhook signature: {@code X-Gantry-Signature: sha256=<hex>}, the HMAC-SHA256 with the
 * hook's secret of {@code <X-Gantry-Timestamp>.<raw body>}. The timestamp is inside the signed
 * text, so an old delivery cannot be replayed with a fresh timestamp. The same scheme signs the
 * callbacks Gantry sends back.
 */
final class HookSignatures {
    static final String SIGNATURE = "X-Gantry-Signature";
    static final String TIMESTAMP = "X-Gantry-Timestamp";
    static final String DELIVERY = "X-Gantry-Delivery";
    private static final String PREFIX = "sha256=";

    private HookSignatures() {}

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Constant-time comparison: how much of a guess matched never shows in the time taken. */
    static boolean valid(String secret, String timestamp, byte[] body, String signature) {
        if (signature == null || timestamp == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
