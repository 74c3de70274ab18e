package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A suite to create; the description may be null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewSuite(String name, String description) {

    public NewSuite {
        Require.text(name, "name");
    }
}
