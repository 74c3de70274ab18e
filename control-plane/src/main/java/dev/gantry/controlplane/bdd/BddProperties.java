package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.bodies.BodyLimitSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of what the BDD endpoints take. Public feature files (Cucumber's own examples, GitLab's,
 * Mastodon's) weigh 1 to 20 KiB with up to a few hundred steps; the defaults leave ten times that.
 *
 * @param maxBodyBytes       a feature file or catalog entry request body (JSON); 1 MiB
 * @param maxFeatureBytes    a feature file's text (UTF-8); 256 KiB
 * @param maxSteps           steps a feature file may make into cases, Background steps counted once per
 *                           scenario they run before; 5,000
 * @param maxExamplesRows    rows of all Examples tables of a file together; 10,000
 * @param maxCatalogEntries  step catalog entries per project; 2,000
 * @param maxSuggestions     the most suggestions one request may ask for; 50
 */
@ConfigurationProperties("gantry.bdd")
public record BddProperties(
        @DefaultValue("" + DEFAULT_MAX_BODY_BYTES) int maxBodyBytes,
        @DefaultValue("" + DEFAULT_MAX_FEATURE_BYTES) int maxFeatureBytes,
        @DefaultValue("" + DEFAULT_MAX_STEPS) int maxSteps,
        @DefaultValue("" + DEFAULT_MAX_EXAMPLES_ROWS) int maxExamplesRows,
        @DefaultValue("" + DEFAULT_MAX_CATALOG_ENTRIES) int maxCatalogEntries,
        @DefaultValue("" + DEFAULT_MAX_SUGGESTIONS) int maxSuggestions)
        implements BodyLimitSource {
    /** The request body limit, as {@link dev.gantry.controlplane.bodies.BodyLimit} names it. */
    public static final String MAX_BODY_BYTES = "gantry.bdd.max-body-bytes";

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_FEATURE_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_STEPS = 5_000;
    public static final int DEFAULT_MAX_EXAMPLES_ROWS = 10_000;
    public static final int DEFAULT_MAX_CATALOG_ENTRIES = 2_000;
    public static final int DEFAULT_MAX_SUGGESTIONS = 50;

    public BddProperties {
        if (maxBodyBytes < 1 || maxFeatureBytes < 1 || maxSteps < 1 || maxExamplesRows < 1) {
            throw new IllegalArgumentException("gantry.bdd limits must be at least 1");
        }
        if (maxCatalogEntries < 1 || maxSuggestions < 1) {
            throw new IllegalArgumentException("gantry.bdd limits must be at least 1");
        }
    }

    public static BddProperties defaults() {
        return new BddProperties(
                DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MAX_FEATURE_BYTES,
                DEFAULT_MAX_STEPS,
                DEFAULT_MAX_EXAMPLES_ROWS,
                DEFAULT_MAX_CATALOG_ENTRIES,
                DEFAULT_MAX_SUGGESTIONS);
    }

    @Override
    public Map<String, Long> bodyLimits() {
        return Map.of(MAX_BODY_BYTES, (long) maxBodyBytes);
    }
}
