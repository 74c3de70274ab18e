package dev.gantry.model;

/** How an environment authenticates its requests. */
public enum AuthType {
    /** {@code Authorization: Bearer <token>}. */
    BEARER,
    /** {@code Authorization: Basic base64(username:password)}. */
    BASIC,
    /** A header {@code name: value}. */
    API_KEY_HEADER,
    /** A query parameter {@code name=value}. */
    API_KEY_QUERY,
    /** A bearer token from an OAuth2 token endpoint (client credentials), fetched once per worker per run. */
    OAUTH2_CLIENT_CREDENTIALS
}
