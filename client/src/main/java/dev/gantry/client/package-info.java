/**
 * The one typed client of Gantry's REST API, used by the demo, the CLI, the benchmark and the
 * integration tests: JDK HTTP client and Jackson, no Spring; answers read within a bound, errors as
 * the server's RFC 9457 problem details ({@link dev.gantry.client.GantryApiException}).
 */
package dev.gantry.client;
