/**
 * The demo behind {@code ./gantry demo}: builds a suite of four chained cases against the bundled
 * sample API through the REST API, runs it with a progress bar, prints the summary and checks that
 * the totals are exactly what the suite must give.
 */
package dev.gantry.demo;
