package dev.gantry.controlplane.bdd;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A step catalog entry: a Given/When/Then pattern and the test language it stands for. {@code binding}
 * holds any of {@code request} (a case's request: the step sends it), {@code expectations} and
 * {@code extractions} (added to the request of the step before, when the entry has no request), each in
 * the form {@code POST /suites/{id}/cases} takes, whose templates use the parameters as {@code {{name}}}.
 */
record StepEntry(
        UUID id,
        UUID projectId,
        Keyword keyword,
        StepPattern pattern,
        String description,
        Map<String, Object> binding,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt) {

    enum Keyword {
        GIVEN,
        WHEN,
        THEN
    }

    boolean sendsRequest() {
        return binding.get("request") != null;
    }
}
