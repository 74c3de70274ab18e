package dev.gantry.controlplane.suites;

/** When a case runs: once before all others, with the data, or once after all others. */
public enum CasePhase {
    SETUP,
    TEST,
    TEARDOWN
}
