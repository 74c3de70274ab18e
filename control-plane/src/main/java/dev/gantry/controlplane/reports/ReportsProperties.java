package dev.gantry.controlplane.reports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the HTML report (the JSON and CSV reports carry every step of any run).
 *
 * @param htmlMaxFailures failed steps shown in full, with their request and response
 * @param htmlMaxSteps    other steps shown, one line each
 */
@ConfigurationProperties("gantry.reports")
public record ReportsProperties(
        @DefaultValue(DEFAULT_HTML_MAX_FAILURES) long htmlMaxFailures,
        @DefaultValue(DEFAULT_HTML_MAX_STEPS) long htmlMaxSteps) {
    public static final String DEFAULT_HTML_MAX_FAILURES = "1000";
    public static final String DEFAULT_HTML_MAX_STEPS = "5000";
}
