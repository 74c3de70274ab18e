package dev.gantry.model;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One test case as frozen into a run snapshot; {@code retry} may be null (one attempt). */
public record CaseDefinition(
        UUID id,
        String name,
        RequestTemplate request,
        Expectations expectations,
        List<Extraction> extractions,
        RetryPolicy retry) {

    public CaseDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        expectations = expectations == null ? Expectations.none() : expectations;
        extractions = extractions == null ? List.of() : List.copyOf(extractions);
    }
}
