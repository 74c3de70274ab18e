package dev.gantry.controlplane.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gantry's webhook signature: {@code X-Gantry-Signature: sha256=<hex>}, the HMAC-SHA256 with the
 * hook's secret of four lines, the last one running to the end:
 *
 * <pre>
 * &lt;X-Gantry-Timestamp&gt;\n&lt;delivery id&gt;\n&lt;query string&gt;\n&lt;raw body&gt;
 * </pre>
 *
 * <ul>
 *   <li>the timestamp, so an old delivery cannot be replayed with a fresh one;
 *   <li>the delivery id header's value ({@code X-Gantry-Delivery}, {@code X-GitHub-Delivery} or
 *       {@code X-Gitlab-Event-UUID}), empty when the id is the body's {@code deliveryId} field (the
 *       body is signed): a captured delivery cannot start another run under a new id;
 *   <li>the query string exactly as in the URL, without {@code ?}, empty when there is none: it
 *       picks suite and environment ({@code ?suite=…&environment=…}), so a captured delivery
 *       cannot be sent to another suite. Signed as sent, it needs no canonical form, and any change
 *       (order, encoding) is a change;
 *   <li>the body, byte for byte.
 * </ul>
 *
 * No header value, query string or timestamp holds a line feed, so two different deliveries never
 * have the same text. The same scheme signs the callbacks Gantry sends back, with the delivery id in
 * {@code X-Gantry-Delivery} and the callback URL's query.
 */
final class HookSignatures {
    static final String SIGNATURE = "X-Gantry-Signature";
    static final String TIMESTAMP = "X-Gantry-Timestamp";
    static final String DELIVERY = "X-Gantry-Delivery";
    private static final String PREFIX = "sha256=";

    private HookSignatures() {}

    static String sign(String secret, String timestamp, String deliveryId, String query, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (String line : new String[] {timestamp, deliveryId, query}) {
                mac.update(line.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) '\n');
            }
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Constant-time comparison: how much of a guess matched never shows in the time taken. */
    static boolean valid(
            String secret, String timestamp, String deliveryId, String query, byte[] body, String signature) {
        if (signature == null || timestamp == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, deliveryId, query, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
