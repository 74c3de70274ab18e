package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.bodies.BodyLimitSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on an uploaded specification, so a hostile document is refused before it costs memory.
 *
 * @param maxBytes        largest document accepted (bytes of the upload)
 * @param maxDepth        deepest nesting of objects and arrays
 * @param maxNodes        most JSON values once YAML aliases are expanded (bounds "billion laughs")
 * @param maxYamlAliases  most aliases to collections in a YAML document (SnakeYAML's own guard)
 * @param maxEndpoints    most operations in one document
 */
@ConfigurationProperties("gantry.specs")
public record SpecsProperties(
        @DefaultValue("8388608") int maxBytes,
        @DefaultValue("96") int maxDepth,
        @DefaultValue("500000") int maxNodes,
        @DefaultValue("100") int maxYamlAliases,
        @DefaultValue("5000") int maxEndpoints)
        implements BodyLimitSource {
    /** The upload's limit, as {@link dev.gantry.controlplane.bodies.BodyLimit} names it. */
    public static final String MAX_BYTES = "gantry.specs.max-bytes";

    @Override
    public Map<String, Long> bodyLimits() {
        return Map.of(MAX_BYTES, (long) maxBytes);
    }

    public static SpecsProperties defaults() {
        return new SpecsProperties(8388608, 96, 500000, 100, 5000);
    }
}
