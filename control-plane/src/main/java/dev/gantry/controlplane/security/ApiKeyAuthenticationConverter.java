package dev.gantry.controlplane.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.AuthenticationConverter;

/** Reads the {@code X-Api-Key} header; no header means the request goes on unauthenticated. */
final class ApiKeyAuthenticationConverter implements AuthenticationConverter {
    static final String HEADER = "X-Api-Key";
    /** Longer than any key Gantry issues; a longer header is not worth hashing. */
    private static final int MAX_KEY_LENGTH = 200;

    @Override
    public ApiKeyAuthentication convert(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key == null || key.isBlank()) {
            return null;
        }
        // an unknown key, never a lookup: a key too long to be ours fails like any unknown one
        return ApiKeyAuthentication.unauthenticated(key.length() > MAX_KEY_LENGTH ? "" : key);
    }
}
