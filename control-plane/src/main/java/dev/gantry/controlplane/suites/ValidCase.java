package dev.gantry.controlplane.suites;

import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryPolicy;
import java.util.List;
import java.util.UUID;

/**
 * A case request that passed {@link CaseValidator}: only domain types, nothing left to check. {@code request} is
 * null only for a manual case.
 */
record ValidCase(
        String name,
        Integer position,
        UUID dependsOn,
        boolean enabled,
        RequestTemplate request,
        Expectations expectations,
        List<Extraction> extractions,
        RetryPolicy retry,
        CasePhase phase,
        UUID dataSetId,
        boolean runAfterFailure,
        CaseClassification classification,
        UUID moduleId,
        CaseText text,
        List<CaseLink> links) {}
