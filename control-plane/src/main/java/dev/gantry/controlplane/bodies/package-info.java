/**
 * Request bodies bounded before they are read: every request's input stream is cut off at the limit
 * of the handler Spring MVC chose ({@link dev.gantry.controlplane.bodies.BodyLimit}), and a declared
 * {@code Content-Length} above it is refused before a byte is read (413 {@code body-too-large}).
 */
package dev.gantry.controlplane.bodies;
