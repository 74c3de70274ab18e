package dev.gantry.controlplane.bodies;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The limit of a handler's request body, by the name of the configuration property that holds it
 * (a constant of {@link BodiesProperties}, or another feature's {@link BodyLimitSource}). A handler
 * without one has {@link BodiesProperties#OTHER}. The name is what a refused request's problem
 * detail reports as {@code limit}, so the answer says which setting to change.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BodyLimit {
    /** The property naming the limit, e.g. {@value BodiesProperties#DATA_SET}. */
    String value();
}
