/**
 * Suites, test cases and data sets, and every check a case passes when it is saved, so that a
 * worker never meets a malformed one; other features write cases through {@link
 * dev.gantry.controlplane.suites.CaseDrafts}, and find the cases linked to a story or defect key through
 * {@link dev.gantry.controlplane.suites.CaseLinks}. Writes {@code test_suites}, {@code test_cases},
 * {@code data_sets}, {@code case_modules}, {@code case_id_counters} and {@code case_links}.
 */
package dev.gantry.controlplane.suites;
