package dev.gantry.controlplane.bodies;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.web.util.WebUtils;

/** For handlers that read their body themselves, when they choose to: only ever through the bound. */
public final class RequestBodies {
    private RequestBodies() {}

    /**
     * The whole body, at most the handler's limit ({@link dev.gantry.controlplane.common.BodyTooLargeException}
     * past it, as soon as it passes).
     *
     * @throws IllegalStateException when the request did not come through the bounded-body filter
     */
    public static byte[] read(HttpServletRequest request) throws IOException {
        try (InputStream in = stream(request)) {
            return in.readAllBytes();
        }
    }

    /**
     * The body as a stream, for a handler that parses it as it arrives rather than hold it whole; it
     * throws {@link dev.gantry.controlplane.common.BodyTooLargeException} at the first byte past the
     * handler's limit.
     *
     * @throws IllegalStateException when the request did not come through the bounded-body filter
     */
    public static InputStream stream(HttpServletRequest request) throws IOException {
        if (WebUtils.getNativeRequest(request, BoundedRequest.class) == null) {
            throw new IllegalStateException("a request body is read only through the bounded-body filter");
        }
        return request.getInputStream();
    }
}
