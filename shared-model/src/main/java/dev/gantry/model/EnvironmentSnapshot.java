package dev.gantry.model;

import java.util.Map;
import java.util.Objects;

/** The environment a run executes in, as it was when the run was triggered. */
public record EnvironmentSnapshot(
        String name, String baseUrl, Map<String, String> variables, Map<String, String> headers) {
    public EnvironmentSnapshot {
        Objects.requireNonNull(baseUrl, "baseUrl");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
