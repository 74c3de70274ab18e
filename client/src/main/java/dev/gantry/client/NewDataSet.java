package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A data set to store: each row maps variable names to values (strings, numbers, booleans); the cases of the
 * suite run once per row. {@code enabled} null leaves the control plane's default (enabled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewDataSet(String name, Boolean enabled, List<Map<String, Object>> rows) {

    public NewDataSet {
        Require.text(name, "name");
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
    }
}
