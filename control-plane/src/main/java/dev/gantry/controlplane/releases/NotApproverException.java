package dev.gantry.controlplane.releases;

/** A decision for an approval role that another person holds (403). */
class NotApproverException extends RuntimeException {
    private final ApprovalRole role;

    NotApproverException(ApprovalRole role, String holder) {
        super(role + " of this release is " + holder + "'s to decide");
        this.role = role;
    }

    ApprovalRole role() {
        return role;
    }
}
