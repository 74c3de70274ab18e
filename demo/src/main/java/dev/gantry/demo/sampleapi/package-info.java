/**
 * The bundled sample items API on the JDK HTTP server, a load target for the demo and the tests,
 * kept in memory.
 */
package dev.gantry.demo.sampleapi;
