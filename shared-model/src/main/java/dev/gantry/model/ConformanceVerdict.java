package dev.gantry.model;

import java.util.List;

/**
 * Whether one answer conformed to its endpoint's documentation; a verdict of its own, apart from the
 * case's expectations (a non-conforming answer does not fail the step).
 *
 * @param response         the documented response the status matched ({@code "200"}, {@code "2XX"},
 *                         {@code "default"}), or null when the status is not documented
 * @param statusDocumented the status has a response of its own or of its range ({@code default} does not count)
 * @param bodyConforms     the body is valid against the documented schema; null when there was none to check
 */
public record ConformanceVerdict(
        String endpoint, String response, boolean statusDocumented, Boolean bodyConforms, List<String> violations) {
    public ConformanceVerdict {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public boolean conforms() {
        return statusDocumented && !Boolean.FALSE.equals(bodyConforms);
    }
}
