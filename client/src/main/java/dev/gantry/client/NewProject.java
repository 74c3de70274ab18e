package dev.gantry.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A project to create; the description may be null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewProject(String name, String description) {

    public NewProject {
        Require.text(name, "name");
    }
}
