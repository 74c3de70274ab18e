package dev.gantry.controlplane.plans;

/** Where a tenant's subscription stands; CANCELLED and EXPIRED tenants may not start runs. */
public enum SubscriptionStatus {
    TRIAL,
    ACTIVE,
    PAST_DUE,
    CANCELLED,
    EXPIRED;

    public boolean mayRun() {
        return this != CANCELLED && this != EXPIRED;
    }
}
