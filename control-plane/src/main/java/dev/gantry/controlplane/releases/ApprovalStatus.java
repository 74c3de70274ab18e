package dev.gantry.controlplane.releases;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A role's decision on a release, and the moves between decisions as a table: a decision is made
 * on a PENDING approval, and a decision is changed by reopening it (back to PENDING) first, so that
 * the history shows a reconsidered decision as two steps and never an approval that flips silently.
 */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    CHANGES_REQUESTED;

    private static final Map<ApprovalStatus, Set<ApprovalStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(APPROVED, REJECTED, CHANGES_REQUESTED),
            APPROVED, EnumSet.of(PENDING),
            REJECTED, EnumSet.of(PENDING),
            // the changes are made: the approver looks again
            CHANGES_REQUESTED, EnumSet.of(PENDING));

    /** Why the move is refused, or empty when it is allowed. */
    Optional<String> refusal(ApprovalStatus next) {
        if (ALLOWED.get(this).contains(next)) {
            return Optional.empty();
        }
        if (this == next) {
            return Optional.of("the approval is " + this + " already");
        }
        if (this == PENDING) {
            return Optional.of("a PENDING approval moves to APPROVED, REJECTED or CHANGES_REQUESTED");
        }
        return Optional.of("a decision (" + this + ") is not changed to " + next
                + " directly: reopen it (PENDING) first, then decide again");
    }
}
