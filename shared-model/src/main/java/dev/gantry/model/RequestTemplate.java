package dev.gantry.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request a test case sends; every string may contain {@code {{variable}}} placeholders.
 *
 * @param path      path relative to the environment's base URL (or an absolute URL)
 * @param timeoutMs per-request timeout; must be positive
 * @param parts     the parts of a {@link BodyType#MULTIPART} body
 */
public record RequestTemplate(
        HttpMethod method,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        BodyType bodyType,
        String body,
        long timeoutMs,
        List<MultipartPart> parts) {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    /** A request without multipart parts. */
    public RequestTemplate(
            HttpMethod method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            BodyType bodyType,
            String body,
            long timeoutMs) {
        this(method, path, query, headers, bodyType, body, timeoutMs, null);
    }

    public RequestTemplate {
        Objects.requireNonNull(method, "request.method");
        Objects.requireNonNull(path, "request.path");
        query = query == null ? Map.of() : Map.copyOf(query);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        bodyType = bodyType == null ? BodyType.NONE : bodyType;
        parts = parts == null ? List.of() : List.copyOf(parts);
        if (timeoutMs <= 0) {
            timeoutMs = DEFAULT_TIMEOUT_MS;
        }
    }
}
