package dev.gantry.model;

import java.util.Objects;

/**
 * An environment's authentication. Every field is a template; credentials (token, password,
 * value) refer to the environment's secrets, e.g. {@code {{apiToken}}}, so none is stored in clear.
 */
public record AuthConfig(AuthType type, String username, String password, String token, String name, String value) {
    public AuthConfig {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case BEARER -> Objects.requireNonNull(token, "token");
            case BASIC -> {
                Objects.requireNonNull(username, "username");
                Objects.requireNonNull(password, "password");
            }
            case API_KEY_HEADER, API_KEY_QUERY -> {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(value, "value");
            }
        }
    }
}
