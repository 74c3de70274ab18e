package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a suite stands: DRAFT while it is written and reviewed, READY to be run by schedules and CI
 * hooks, ARCHIVED when it is kept for its history only. Its moves are a table; READY needs the approval
 * of the version the suite is at, so what was reviewed is what runs unattended.
 */
public enum SuiteStatus {
    DRAFT,
    READY,
    ARCHIVED;

    private static final Map<SuiteStatus, Set<SuiteStatus>> MOVES = Map.of(
            DRAFT, EnumSet.of(READY, ARCHIVED),
            READY, EnumSet.of(DRAFT, ARCHIVED),
            // a restored suite is reviewed again before it runs unattended
            ARCHIVED, EnumSet.of(DRAFT));

    /** Whether the table allows the move (staying where it is always is). */
    public boolean canMoveTo(SuiteStatus to) {
        return to == this || MOVES.get(this).contains(to);
    }

    void checkMove(SuiteStatus to, Suite suite) {
        if (!canMoveTo(to)) {
            throw new ConflictException(
                    "status",
                    "suite " + suite.getId() + " cannot move from " + this + " to " + to + "; from " + this
                            + " it can move to " + MOVES.get(this));
        }
        if (to == READY && this == DRAFT) {
            if (suite.getReviewStatus() != ReviewStatus.APPROVED) {
                throw new ConflictException(
                        "status",
                        "suite " + suite.getId() + " is READY once its review is APPROVED; its review is "
                                + suite.getReviewStatus());
            }
            if (suite.getReviewedVersion() == null || suite.getReviewedVersion() != suite.getVersion()) {
                throw new ConflictException(
                        "status",
                        "the review approved version " + suite.getReviewedVersion() + " but suite " + suite.getId()
                                + " is at version " + suite.getVersion() + "; review it again");
            }
        }
    }

    /** A run by a person: anything but an archived suite (409 naming {@code status}). */
    public void checkRunnable(UUID suiteId) {
        if (this == ARCHIVED) {
            throw new ConflictException(
                    "status", "suite " + suiteId + " is ARCHIVED and cannot be run; move it to DRAFT first");
        }
    }

    /**
     * Why a schedule or a CI hook does not run the suite, or null when it does: READY suites only,
     * DRAFT ones too when their owner asked for unready suites, never ARCHIVED ones.
     */
    public String unattendedRefusal(UUID suiteId, boolean runUnreadySuites) {
        return switch (this) {
            case READY -> null;
            case DRAFT ->
                runUnreadySuites
                        ? null
                        : "suite " + suiteId + " is DRAFT; it runs unattended once READY (or set runUnreadySuites)";
            case ARCHIVED -> "suite " + suiteId + " is ARCHIVED";
        };
    }

    /** Changes to an archived suite or its cases are refused (409 naming {@code status}). */
    void checkChangeable(UUID suiteId) {
        if (this == ARCHIVED) {
            throw new ConflictException(
                    "status",
                    "suite " + suiteId + " is ARCHIVED: it and its cases cannot change; move it to DRAFT first");
        }
    }
}
