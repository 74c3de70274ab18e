/**
 * Request bodies bounded before they are read: every request's input stream is cut off at the limit
 * of the handler Spring MVC chose ({@link dev.gantry.controlplane.bodies.BodyLimit}), and a declared
 * {@code Content-Length} above it is refused before a byte is read (413 {@code body-too-large}). A
 * handler's refusal of a body still coming is answered once the rest is read, up to the same limit
 * ({@code RefusedBodyDrain}), so that the client can read it.
 */
package dev.gantry.controlplane.bodies;
