package dev.gantry.model;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One test case as frozen into a run snapshot; {@code retry} may be null (one attempt),
 * {@code conformance} is null unless the case's request matches an endpoint of the project's active
 * API specification; {@code runAfterFailure} says the step runs even when an earlier step of its
 * chain failed or errored (as Newman runs every request of an iteration); null, in a snapshot frozen
 * before it existed, is false.
 */
public record CaseDefinition(
        UUID id,
        String name,
        RequestTemplate request,
        Expectations expectations,
        List<Extraction> extractions,
        RetryPolicy retry,
        ConformanceSpec conformance,
        Boolean runAfterFailure) {

    /** A case without a conformance check. */
    public CaseDefinition(
            UUID id,
            String name,
            RequestTemplate request,
            Expectations expectations,
            List<Extraction> extractions,
            RetryPolicy retry) {
        this(id, name, request, expectations, extractions, retry, null, false);
    }

    /** The same case, checked against its endpoint's documentation. */
    public CaseDefinition withConformance(ConformanceSpec spec) {
        return new CaseDefinition(id, name, request, expectations, extractions, retry, spec, runAfterFailure);
    }

    public CaseDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        expectations = expectations == null ? Expectations.none() : expectations;
        extractions = extractions == null ? List.of() : List.copyOf(extractions);
        runAfterFailure = Boolean.TRUE.equals(runAfterFailure);
    }
}
