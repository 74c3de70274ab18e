package dev.gantry.model;

import java.util.Arrays;
import java.util.Optional;

/** HTTP methods a test case may use. */
public enum HttpMethod {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE,
    HEAD,
    OPTIONS;

    public static Optional<HttpMethod> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(m -> m.name().equals(value)).findFirst();
    }

    /** Whether the method may carry a request body. */
    public boolean allowsBody() {
        return this == POST || this == PUT || this == PATCH || this == DELETE;
    }
}
