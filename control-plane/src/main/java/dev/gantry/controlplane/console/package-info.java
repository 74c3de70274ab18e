/**
 * The web console's page and assets, built from {@code console/} by Vite during the Maven build and
 * served at {@code /console/}: a client-side route answers the console's page, whose script then
 * calls the same REST API as every other client, with the person's session.
 */
package dev.gantry.controlplane.console;
