package dev.gantry.controlplane.releases;

/** The roles whose approval a release's gate may ask for. */
public enum ApprovalRole {
    QA_LEAD,
    DEV_LEAD,
    PRODUCT_MANAGER,
    RELEASE_MANAGER
}
