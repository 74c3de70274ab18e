package dev.gantry.controlplane.releases;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * What a release must show before it may be marked READY_TO_SHIP, as its owner configures it.
 *
 * @param requiredRoles    the roles that must have APPROVED
 * @param noFailedOrBlocked no case may be FAILED or BLOCKED
 * @param minPassRate      at least this percentage (0..100) of the cases not SKIPPED must have
 *                         PASSED; null: no threshold
 * @param allowNotStarted  whether cases NOT_STARTED or IN_PROGRESS may remain
 */
public record Gate(
        List<ApprovalRole> requiredRoles, boolean noFailedOrBlocked, Integer minPassRate, boolean allowNotStarted) {
    /** A new release's gate: the QA lead approves, nothing failed or blocked, every case run. */
    static final Gate DEFAULT = new Gate(List.of(ApprovalRole.QA_LEAD), true, null, false);

    public Gate {
        // each role once, in the enum's order
        requiredRoles = requiredRoles == null || requiredRoles.isEmpty()
                ? List.of()
                : List.copyOf(EnumSet.copyOf(requiredRoles));
        if (minPassRate != null && (minPassRate < 0 || minPassRate > 100)) {
            throw new IllegalArgumentException("minPassRate must be between 0 and 100");
        }
    }

    /** Why the gate is closed: a stable code and a sentence. */
    public record Reason(String code, String message) {}

    /**
     * The reasons the gate is closed for a release whose cases count {@code counts} and whose
     * approvals are {@code approvals} (a role missing there is PENDING); none: it is open.
     */
    List<Reason> check(Map<ExecutionStatus, Long> counts, Map<ApprovalRole, ApprovalStatus> approvals) {
        List<Reason> reasons = new ArrayList<>();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            reasons.add(new Reason("no-cases", "the release holds no cases"));
        }
        long failed = counts.getOrDefault(ExecutionStatus.FAILED, 0L);
        long blocked = counts.getOrDefault(ExecutionStatus.BLOCKED, 0L);
        if (noFailedOrBlocked && failed > 0) {
            reasons.add(new Reason("failed-cases", cases(failed) + " FAILED"));
        }
        if (noFailedOrBlocked && blocked > 0) {
            reasons.add(new Reason("blocked-cases", cases(blocked) + " BLOCKED"));
        }
        long unfinished = counts.getOrDefault(ExecutionStatus.NOT_STARTED, 0L)
                + counts.getOrDefault(ExecutionStatus.IN_PROGRESS, 0L);
        if (!allowNotStarted && unfinished > 0) {
            reasons.add(new Reason("unfinished-cases", cases(unfinished) + " NOT_STARTED or IN_PROGRESS"));
        }
        if (minPassRate != null && total > 0) {
            long counted = total - counts.getOrDefault(ExecutionStatus.SKIPPED, 0L);
            long passed = counts.getOrDefault(ExecutionStatus.PASSED, 0L);
            // integers only: 100 * passed < minPassRate * counted is "below the threshold"
            if (counted == 0 || 100 * passed < (long) minPassRate * counted) {
                reasons.add(new Reason(
                        "pass-rate",
                        "the pass rate is " + (counted == 0 ? 0 : 100 * passed / counted) + "% (" + passed + " of "
                                + counted + " cases not skipped), below the " + minPassRate + "% required"));
            }
        }
        for (ApprovalRole role : ApprovalRole.values()) {
            if (requiredRoles.contains(role)) {
                ApprovalStatus status = approvals.getOrDefault(role, ApprovalStatus.PENDING);
                if (status != ApprovalStatus.APPROVED) {
                    reasons.add(new Reason("approval-missing", role + " has not approved (" + status + ")"));
                }
            }
        }
        return reasons;
    }

    private static String cases(long n) {
        return n == 1 ? "1 case is" : n + " cases are";
    }
}
