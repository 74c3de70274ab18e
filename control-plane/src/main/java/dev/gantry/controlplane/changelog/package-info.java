/**
 * The change log of test cases and the versions of suites: every creation, field change and deletion
 * of a case with who made it, when, and the suite version after it; each version's summary; the net
 * difference between two versions. Writers record through {@code suites.CaseChanges}, which calls
 * {@link dev.gantry.controlplane.changelog.ChangeLog}; this package calls no feature package, so no
 * cycle arises. Writes {@code suite_versions} and {@code case_changes}.
 */
package dev.gantry.controlplane.changelog;
