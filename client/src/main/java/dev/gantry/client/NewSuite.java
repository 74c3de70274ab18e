package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A suite to create; the description may be null, and so may {@code stepDetails} (how much of each
 * step its runs keep: {@code ALL} or {@code FAILURES_AND_SAMPLE}; null takes the control plane's default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewSuite(String name, String description, String stepDetails) {

    public NewSuite {
        Require.text(name, "name");
    }

    public NewSuite(String name, String description) {
        this(name, description, null);
    }
}
