package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first file of a {@code multipart/form-data} body (RFC 7578) already read within the body limit.
 * The servlet container's multipart parsing is off (no endpoint takes forms), so an upload of a CSV
 * from a browser form is cut out of the bounded bytes here: the part with a {@code filename}, else
 * the first part.
 */
final class MultipartFile {
    private MultipartFile() {}

    static byte[] content(byte[] body, String boundary) {
        if (boundary == null || boundary.isBlank() || boundary.length() > 200) {
            throw new InvalidInputException("Content-Type", "a multipart body needs its boundary");
        }
        byte[] delimiter = ("--" + boundary.replace("\"", "")).getBytes(StandardCharsets.ISO_8859_1);
        byte[] first = null;
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // the closing delimiter
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(
                    body,
                    ("\r\n" + new String(delimiter, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1),
                    start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                break;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.ISO_8859_1);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            if (headers.toLowerCase(java.util.Locale.ROOT).contains("filename=")) {
                return content;
            }
            if (first == null) {
                first = content;
            }
            at = next + 2;
        }
        if (first == null) {
            throw new InvalidInputException("body", "a multipart body without a part");
        }
        return first;
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
