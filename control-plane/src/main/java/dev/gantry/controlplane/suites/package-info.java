/**
 * Suites, test cases and data sets, and every check a case passes when it is saved, so that a
 * worker never meets a malformed one; other features write cases through {@link
 * dev.gantry.controlplane.suites.CaseDrafts}. Writes {@code test_suites}, {@code test_cases} and
 * {@code data_sets}.
 */
package dev.gantry.controlplane.suites;
