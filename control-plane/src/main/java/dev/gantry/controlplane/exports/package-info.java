/**
 * Suites exported for other tools: a suite as a Postman collection v2.1 that Newman runs with the
 * verdicts of a Gantry run, and its data rows as a Newman iteration data file. Reads suites, cases
 * and data sets through their owner's repositories; writes nothing.
 */
package dev.gantry.controlplane.exports;
