/**
 * The control plane: the REST API, its security, the Flyway schema (only this app migrates it) and
 * the Spring Batch manager jobs of runs and coverage. Each sub-package is a feature; {@code
 * common} holds what every feature shares and imports none of them.
 */
package dev.gantry.controlplane;
