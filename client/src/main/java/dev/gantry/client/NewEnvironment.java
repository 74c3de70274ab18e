package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** An environment to create: where a suite's requests go, with variables and headers (either may be null). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewEnvironment(String name, String baseUrl, Map<String, String> variables, Map<String, String> headers) {

    public NewEnvironment {
        Require.text(name, "name");
        Require.text(baseUrl, "baseUrl");
    }
}
