package dev.gantry.controlplane.runs;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Why a run was triggered. The trigger writes it with the run, in the run's one INSERT: the kind
 * in {@code runs.trigger_kind} (shown by the API and reports, and the tag of the runs-started
 * metric) and each origin's own columns beside it, never patched in afterwards.
 */
public sealed interface RunOrigin {
    /** The value of {@code runs.trigger_kind}. */
    String kind();

    /**
     * Asked for through the API ({@code POST /api/v1/suites/{id}/runs}).
     *
     * <p>The audit log keeps who asked; the run row keeps only the kind.
     *
     * @param userId the user who asked
     * @param keyId  the API key the user asked with, or null when the caller holds none of its own
     */
    record Manual(UUID userId, UUID keyId) implements RunOrigin {
        public Manual {
            Objects.requireNonNull(userId, "userId");
        }

        @Override
        public String kind() {
            return "API";
        }
    }

    /**
     * Fired by a cron schedule.
     *
     * @param scheduleId   the schedule ({@code runs.schedule_id})
     * @param scheduledFor the due time it fired for, the latest one when it missed several ({@code runs.scheduled_for})
     */
    record Scheduled(UUID scheduleId, Instant scheduledFor) implements RunOrigin {
        public Scheduled {
            Objects.requireNonNull(scheduleId, "scheduleId");
            Objects.requireNonNull(scheduledFor, "scheduledFor");
        }

        @Override
        public String kind() {
            return "SCHEDULE";
        }
    }

    /**
     * A CI webhook delivery. The delivery itself (its callback, and which run it started) is the
     * hooks package's to record.
     *
     * @param hookId     the hook the delivery came to
     * @param deliveryId the delivery's id, unique per hook
     * @param commit     the commit under test ({@code runs.commit_sha}), or null when the delivery names none
     * @param branch     its branch ({@code runs.branch}), or null when the delivery names none
     */
    record CiDelivery(UUID hookId, String deliveryId, String commit, String branch) implements RunOrigin {
        public CiDelivery {
            Objects.requireNonNull(hookId, "hookId");
            Objects.requireNonNull(deliveryId, "deliveryId");
        }

        @Override
        public String kind() {
            return "CI";
        }
    }
}
