package dev.gantry.controlplane.plans;

import java.time.Instant;

/** The monthly run quota is used up until {@code periodEnd}, when the next period starts. */
public class RunQuotaExceededException extends PlanLimitException {
    private final Instant periodEnd;

    public RunQuotaExceededException(long allowed, String plan, Instant periodEnd) {
        super(
                PlanLimit.MaxTestRunsPerMonth,
                allowed,
                allowed,
                plan,
                "no run left this month (until " + periodEnd + ")");
        this.periodEnd = periodEnd;
    }

    public Instant periodEnd() {
        return periodEnd;
    }
}
