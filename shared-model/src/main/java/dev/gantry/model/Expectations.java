package dev.gantry.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything a response must satisfy; every expectation is evaluated and every failure reported.
 *
 * @param status            accepted status codes; with {@code statusClasses} empty too, any 2xx
 * @param maxResponseTimeMs upper bound on the response time, or null for none
 * @param statusClasses     accepted classes of status codes, e.g. {@code 2xx}, besides {@code status}
 * @param jsonSchema        a JSON Schema (its JSON text) the body must conform to, or null
 * @param contentType       the media type the response must declare ({@code application/json}, or
 *                          {@code text/*} for any subtype), parameters such as charset ignored; or null
 */
public record Expectations(
        List<Integer> status,
        List<JsonPathCheck> jsonPath,
        List<HeaderCheck> headers,
        List<String> bodyContains,
        List<String> bodyNotContains,
        Long maxResponseTimeMs,
        List<String> statusClasses,
        String jsonSchema,
        String contentType) {

    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");
    /** {@code type/subtype} or {@code type/*}, RFC 6838 names. */
    public static final Pattern MEDIA_TYPE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*|\\*)");

    public Expectations {
        status = status == null ? List.of() : List.copyOf(status);
        jsonPath = jsonPath == null ? List.of() : List.copyOf(jsonPath);
        headers = headers == null ? List.of() : List.copyOf(headers);
        bodyContains = bodyContains == null ? List.of() : List.copyOf(bodyContains);
        bodyNotContains = bodyNotContains == null ? List.of() : List.copyOf(bodyNotContains);
        statusClasses = statusClasses == null ? List.of() : List.copyOf(statusClasses);
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            throw new IllegalArgumentException("contentType: '" + contentType + "' is not a media type");
        }
        for (String statusClass : statusClasses) {
            if (!STATUS_CLASS.matcher(statusClass).matches()) {
                throw new IllegalArgumentException("statusClasses: '" + statusClass + "' is not one of 1xx..5xx");
            }
        }
    }

    public Expectations(
            List<Integer> status,
            List<JsonPathCheck> jsonPath,
            List<HeaderCheck> headers,
            List<String> bodyContains,
            List<String> bodyNotContains,
            Long maxResponseTimeMs,
            List<String> statusClasses) {
        this(status, jsonPath, headers, bodyContains, bodyNotContains, maxResponseTimeMs, statusClasses, null, null);
    }

    public Expectations(
            List<Integer> status,
            List<JsonPathCheck> jsonPath,
            List<HeaderCheck> headers,
            List<String> bodyContains,
            List<String> bodyNotContains,
            Long maxResponseTimeMs,
            List<String> statusClasses,
            String jsonSchema) {
        this(
                status,
                jsonPath,
                headers,
                bodyContains,
                bodyNotContains,
                maxResponseTimeMs,
                statusClasses,
                jsonSchema,
                null);
    }

    /**
     * Whether a Content-Type header value declares the expected media type (true when none is
     * expected); {@code type/*} accepts any subtype.
     */
    public boolean acceptsContentType(String header) {
        if (contentType == null) {
            return true;
        }
        if (header == null) {
            return false;
        }
        int semicolon = header.indexOf(';');
        String actual = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        if (contentType.endsWith("/*")) {
            return actual.regionMatches(true, 0, contentType, 0, contentType.length() - 1);
        }
        return actual.equalsIgnoreCase(contentType);
    }

    /** Whether the status satisfies the status expectations (any 2xx when none is given). */
    public boolean accepts(int code) {
        if (status.isEmpty() && statusClasses.isEmpty()) {
            return code >= 200 && code <= 299;
        }
        return status.contains(code) || statusClasses.contains((code / 100) + "xx");
    }

    public static Expectations none() {
        return new Expectations(null, null, null, null, null, null, null, null, null);
    }
}
