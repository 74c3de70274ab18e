package dev.gantry.controlplane.plans;

/** The tenant's subscription is cancelled or expired: nothing new may run until it is renewed. */
public class SubscriptionInactiveException extends RuntimeException {
    public SubscriptionInactiveException(SubscriptionStatus status) {
        super("the tenant's subscription is " + status.name().toLowerCase()
                + "; runs may not start until it is renewed");
    }
}
