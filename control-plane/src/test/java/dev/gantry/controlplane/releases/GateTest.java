package dev.gantry.controlplane.releases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {
    private static Map<ExecutionStatus, Long> counts(Object... pairs) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (int i = 0; i < pairs.length; i += 2) {
            counts.put((ExecutionStatus) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return counts;
    }

    @Test
    void theDefaultGateWantsTheQaLeadEveryCaseRunAndNothingFailedOrBlocked() {
        List<Gate.Reason> reasons = Gate.DEFAULT.check(
                counts(
                        ExecutionStatus.PASSED,
                        3,
                        ExecutionStatus.FAILED,
                        1,
                        ExecutionStatus.BLOCKED,
                        2,
                        ExecutionStatus.NOT_STARTED,
                        1),
                Map.of(ApprovalRole.QA_LEAD, ApprovalStatus.CHANGES_REQUESTED));
        assertThat(reasons)
                .containsExactly(
                        new Gate.Reason("failed-cases", "1 case is FAILED"),
                        new Gate.Reason("blocked-cases", "2 cases are BLOCKED"),
                        new Gate.Reason("unfinished-cases", "1 case is NOT_STARTED or IN_PROGRESS"),
                        new Gate.Reason("approval-missing", "QA_LEAD has not approved (CHANGES_REQUESTED)"));
        assertThat(Gate.DEFAULT.check(
                        counts(ExecutionStatus.PASSED, 3, ExecutionStatus.SKIPPED, 1),
                        Map.of(ApprovalRole.QA_LEAD, ApprovalStatus.APPROVED)))
                .isEmpty();
        assertThat(Gate.DEFAULT.check(counts(), Map.of(ApprovalRole.QA_LEAD, ApprovalStatus.APPROVED)))
                .containsExactly(new Gate.Reason("no-cases", "the release holds no cases"));
    }

    @Test
    void aThresholdCountsThePassedAmongTheCasesNotSkipped() {
        Gate gate = new Gate(List.of(), false, 75, true);
        // 3 of 4 not skipped: 75% is enough
        assertThat(gate.check(
                        counts(ExecutionStatus.PASSED, 3, ExecutionStatus.FAILED, 1, ExecutionStatus.SKIPPED, 5),
                        Map.of()))
                .isEmpty();
        assertThat(gate.check(
                        counts(ExecutionStatus.PASSED, 2, ExecutionStatus.FAILED, 1, ExecutionStatus.NOT_STARTED, 1),
                        Map.of()))
                .containsExactly(new Gate.Reason(
                        "pass-rate", "the pass rate is 50% (2 of 4 cases not skipped), below the 75% required"));
    }

    @Test
    void rolesAreKeptOnceInTheirOrder() {
        Gate gate = new Gate(
                List.of(ApprovalRole.RELEASE_MANAGER, ApprovalRole.QA_LEAD, ApprovalRole.RELEASE_MANAGER),
                true,
                null,
                false);
        assertThat(gate.requiredRoles()).containsExactly(ApprovalRole.QA_LEAD, ApprovalRole.RELEASE_MANAGER);
    }

    @Test
    void aDecisionIsMadeOnAPendingApprovalAndChangedOnlyByReopeningIt() {
        for (ApprovalStatus decision :
                List.of(ApprovalStatus.APPROVED, ApprovalStatus.REJECTED, ApprovalStatus.CHANGES_REQUESTED)) {
            assertThat(ApprovalStatus.PENDING.refusal(decision)).isEmpty();
            assertThat(decision.refusal(ApprovalStatus.PENDING)).isEmpty();
            assertThat(decision.refusal(decision)).contains("the approval is " + decision + " already");
        }
        assertThat(ApprovalStatus.REJECTED.refusal(ApprovalStatus.APPROVED))
                .contains("a decision (REJECTED) is not changed to APPROVED directly: reopen it (PENDING) first,"
                        + " then decide again");
        assertThat(ApprovalStatus.PENDING.refusal(ApprovalStatus.PENDING)).contains("the approval is PENDING already");
    }
}
