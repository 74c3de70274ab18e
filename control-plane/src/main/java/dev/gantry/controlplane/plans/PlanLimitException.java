package dev.gantry.controlplane.plans;

/**
 * A request the tenant's plan does not allow: names the limit, what the plan allows, the usage
 * that reached it and the plan, so that the answer says exactly what to change.
 */
public class PlanLimitException extends RuntimeException {
    private final PlanLimit limit;
    private final long allowed;
    private final long usage;
    private final String plan;

    public PlanLimitException(PlanLimit limit, long allowed, long usage, String plan, String what) {
        super(what + ": the " + plan + " plan allows " + allowed + " (" + limit + "), " + usage + " in use");
        this.limit = limit;
        this.allowed = allowed;
        this.usage = usage;
        this.plan = plan;
    }

    public PlanLimit limit() {
        return limit;
    }

    public long allowed() {
        return allowed;
    }

    public long usage() {
        return usage;
    }

    public String plan() {
        return plan;
    }
}
