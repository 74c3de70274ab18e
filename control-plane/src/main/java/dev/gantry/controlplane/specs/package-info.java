/**
 * API specifications: OpenAPI 3.x and Swagger 2.0 documents bounded and checked before swagger-
 * parser reads them, stored as versions with their endpoints; test cases generated from them;
 * Postman collections imported as cases; the documented responses a run's snapshot carries for
 * conformance. Writes {@code api_specs} and the {@code spec_*} tables, and cases through {@code
 * suites}.
 */
package dev.gantry.controlplane.specs;
