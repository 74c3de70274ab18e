package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.bodies.BodyLimitSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on an uploaded specification, so a hostile document is refused before it costs memory. The
 * defaults are sized from the largest public descriptions we know, GitHub's REST API in npm
 * {@code @octokit/openapi} 23.0.2 (docs/api.md, "Limits and their sizing"): its biggest referenced
 * variant, {@code ghec.json}, is 14.1 MB with 278,064 values, 1,471 operations and 21 levels deep.
 *
 * @param maxBytes        largest document accepted (bytes of the upload); 32 MiB, twice the largest
 * @param maxDepth        deepest nesting of objects and arrays; 96 (real documents nest 21 deep, 29
 *                        with every reference inlined)
 * @param maxNodes        most JSON values once YAML aliases are expanded (bounds "billion laughs");
 *                        1,000,000, above a 32 MiB document of GitHub's density (about 20 values a KiB)
 * @param maxYamlAliases  most aliases to collections in a YAML document (SnakeYAML's own guard)
 * @param maxEndpoints    most operations in one document; 5,000, over three times the largest
 */
@ConfigurationProperties("gantry.specs")
public record SpecsProperties(
        @DefaultValue("" + DEFAULT_MAX_BYTES) int maxBytes,
        @DefaultValue("" + DEFAULT_MAX_DEPTH) int maxDepth,
        @DefaultValue("" + DEFAULT_MAX_NODES) int maxNodes,
        @DefaultValue("" + DEFAULT_MAX_YAML_ALIASES) int maxYamlAliases,
        @DefaultValue("" + DEFAULT_MAX_ENDPOINTS) int maxEndpoints)
        implements BodyLimitSource {
    /** The upload's limit, as {@link dev.gantry.controlplane.bodies.BodyLimit} names it. */
    public static final String MAX_BYTES = "gantry.specs.max-bytes";

    public static final int DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 96;
    public static final int DEFAULT_MAX_NODES = 1_000_000;
    public static final int DEFAULT_MAX_YAML_ALIASES = 100;
    public static final int DEFAULT_MAX_ENDPOINTS = 5_000;

    @Override
    public Map<String, Long> bodyLimits() {
        return Map.of(MAX_BYTES, (long) maxBytes);
    }

    public static SpecsProperties defaults() {
        return new SpecsProperties(
                DEFAULT_MAX_BYTES,
                DEFAULT_MAX_DEPTH,
                DEFAULT_MAX_NODES,
                DEFAULT_MAX_YAML_ALIASES,
                DEFAULT_MAX_ENDPOINTS);
    }
}
