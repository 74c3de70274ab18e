package dev.gantry.controlplane.changelog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much of a changed value the change log keeps.
 *
 * @param maxValueChars a value whose JSON is longer is stored as a string of its first this many
 *                      characters followed by an ellipsis, and the entry says it was truncated (a
 *                      request body or a JSON schema can be hundreds of kilobytes)
 */
@ConfigurationProperties("gantry.changelog")
public record ChangeLogProperties(@DefaultValue(DEFAULT_MAX_VALUE_CHARS) int maxValueChars) {
    public static final String DEFAULT_MAX_VALUE_CHARS = "2000";

    public ChangeLogProperties {
        if (maxValueChars < 16) {
            throw new IllegalArgumentException("gantry.changelog.max-value-chars must be at least 16");
        }
    }
}
