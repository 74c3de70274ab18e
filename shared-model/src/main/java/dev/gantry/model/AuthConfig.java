package dev.gantry.model;

import java.util.Objects;

/**
 * An environment's authentication. Every field is a template; credentials (token, password,
 * value) refer to the environment's secrets, e.g. {@code {{apiToken}}}, so none is stored in clear.
 * For OAuth2 client credentials, {@code username} and {@code password} are the client id and
 * secret (sent to {@code tokenUrl} with HTTP Basic, as RFC 6749 section 2.3.1 has it).
 */
public record AuthConfig(
        AuthType type,
        String username,
        String password,
        String token,
        String name,
        String value,
        String tokenUrl,
        String scope) {
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
            case OAUTH2_CLIENT_CREDENTIALS -> {
                Objects.requireNonNull(tokenUrl, "tokenUrl");
                Objects.requireNonNull(username, "username");
                Objects.requireNonNull(password, "password");
            }
        }
    }

    /** Any kind but OAuth2. */
    public AuthConfig(AuthType type, String username, String password, String token, String name, String value) {
        this(type, username, password, token, name, value, null, null);
    }
}
