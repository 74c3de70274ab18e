package dev.gantry.worker.operations;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code environment} tag of step metrics. Environment names are the users' own, per project,
 * without bound across tenants, and every tag value multiplies a histogram's series; so only the
 * names on a fixed list (the usual stages, or the operator's own list) become tag values, and every
 * other environment is counted as {@code other}. Per-environment latencies of any name are in the
 * run summaries.
 */
@Component
public class EnvironmentTags {
    public static final String OTHER = "other";

    private final Set<String> known;

    @Autowired
    EnvironmentTags(MetricsProperties properties) {
        this(properties.environmentTags());
    }

    public EnvironmentTags(List<String> names) {
        this.known = names.stream()
                .map(EnvironmentTags::normalize)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The tag value for an environment of this name. */
    public String of(String environmentName) {
        String name = environmentName == null ? "" : normalize(environmentName);
        return known.contains(name) ? name : OTHER;
    }

    private static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
