/**
 * The hot path: runs compiled once per run and cached, each chain executed on a virtual thread
 * (variables, templates, auth, rate limit, the HTTP request through Apache HttpClient 5, checks,
 * extraction, conformance, retries), targets guarded, secrets redacted, regular expressions
 * bounded. Touches the network only: no JDBC or AMQP (an ArchUnit rule holds it).
 */
package dev.gantry.worker.execution;
