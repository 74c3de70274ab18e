/**
 * API specifications: OpenAPI 3.x and Swagger 2.0 documents bounded and checked before swagger-
 * parser reads them, stored as versions with their endpoints; test cases generated from them by
 * a batch job whose state, progress and report clients read; Postman collections imported as cases;
 * the documented responses a run's snapshot carries for conformance. Writes {@code api_specs}, the
 * {@code spec_*} tables and {@code case_generations}, and cases through {@code suites}.
 */
package dev.gantry.controlplane.specs;
