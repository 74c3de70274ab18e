/**
 * BDD: a project's step catalog (Gherkin step patterns, Cucumber Expressions with typed parameters,
 * bound to a request, expectations or extractions of the test language) and its feature files, read
 * with Cucumber's own Gherkin parser and published as ordinary cases and data sets of a suite through
 * {@link dev.gantry.controlplane.suites.CaseDrafts}; a suite's cases written back as a feature file.
 * Writes {@code step_catalog}, {@code feature_files}, {@code feature_file_versions},
 * {@code feature_file_cases}, {@code feature_file_data_sets} and {@code feature_step_uses}.
 */
package dev.gantry.controlplane.bdd;
