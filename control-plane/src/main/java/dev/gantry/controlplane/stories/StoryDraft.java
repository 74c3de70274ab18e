package dev.gantry.controlplane.stories;

import java.time.Instant;
import java.util.List;

/** A story or epic as the issue tracker describes it, before it is kept. */
record StoryDraft(
        String key,
        String issueType,
        boolean epic,
        String title,
        String status,
        String priority,
        String sprint,
        List<String> fixVersions,
        String epicKey,
        String description,
        Instant updatedInTracker) {}
