package dev.gantry.model;

import java.util.List;

/**
 * Everything a response must satisfy; every expectation is evaluated and every failure reported.
 *
 * @param status            accepted status codes; empty means any 2xx
 * @param maxResponseTimeMs upper bound on the response time, or null for none
 */
public record Expectations(
        List<Integer> status,
        List<JsonPathCheck> jsonPath,
        List<HeaderCheck> headers,
        List<String> bodyContains,
        List<String> bodyNotContains,
        Long maxResponseTimeMs) {

    public Expectations {
        status = status == null ? List.of() : List.copyOf(status);
        jsonPath = jsonPath == null ? List.of() : List.copyOf(jsonPath);
        headers = headers == null ? List.of() : List.copyOf(headers);
        bodyContains = bodyContains == null ? List.of() : List.copyOf(bodyContains);
        bodyNotContains = bodyNotContains == null ? List.of() : List.copyOf(bodyNotContains);
    }

    public static Expectations none() {
        return new Expectations(null, null, null, null, null, null);
    }
}
