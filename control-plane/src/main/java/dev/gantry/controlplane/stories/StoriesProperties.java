package dev.gantry.controlplane.stories;

import dev.gantry.controlplane.bodies.BodyLimitSource;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what the issue tracker sends. A JIRA search answer weighs 3 to 10 KiB an issue with
 * every field (descriptions, comments left out by the fields asked for), so a page of 100 issues is
 * about 1 MiB.
 *
 * @param importMaxBytes   largest search answer accepted as an upload; 16 MiB (a few thousand issues)
 * @param maxIssues        most issues one import or synchronisation keeps; 10,000
 * @param pageSize         issues asked for per page of JIRA's REST search; 100 (JIRA's own cap)
 * @param pageMaxBytes     largest page of JIRA's REST search read; 8 MiB
 * @param requestTimeout   how long one request to JIRA may take, answer included
 * @param allowPrivate     whether a JIRA connection may reach loopback and private addresses (a
 *                         JIRA Server or Data Center inside the company network); link-local and
 *                         metadata addresses never
 */
@ConfigurationProperties("gantry.stories")
public record StoriesProperties(
        @DefaultValue("16MB") org.springframework.util.unit.DataSize importMaxBytes,
        @DefaultValue("10000") int maxIssues,
        @DefaultValue("100") int pageSize,
        @DefaultValue("8MB") org.springframework.util.unit.DataSize pageMaxBytes,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("false") boolean allowPrivate)
        implements BodyLimitSource {
    /** The upload's limit, as {@link dev.gantry.controlplane.bodies.BodyLimit} names it. */
    public static final String IMPORT_MAX_BYTES = "gantry.stories.import-max-bytes";

    @Override
    public Map<String, Long> bodyLimits() {
        return Map.of(IMPORT_MAX_BYTES, importMaxBytes.toBytes());
    }
}
