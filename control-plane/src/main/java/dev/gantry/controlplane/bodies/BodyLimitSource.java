package dev.gantry.controlplane.bodies;

import java.util.Map;

/**
 * Body limits a feature keeps in its own configuration (the specification upload's
 * {@code gantry.specs.max-bytes}, which its parser enforces too), by property name.
 */
public interface BodyLimitSource {
    /** Largest body in bytes, by the property name a {@link BodyLimit} gives. */
    Map<String, Long> bodyLimits();
}
