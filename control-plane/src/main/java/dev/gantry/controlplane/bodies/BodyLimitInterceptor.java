package dev.gantry.controlplane.bodies;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * Gives a request the body limit of the handler Spring MVC chose for it, never one guessed from its
 * URI. {@code preHandle} runs before any argument ({@code @RequestBody} and the like) is resolved,
 * so a {@code Content-Length} above the limit is refused here, before a byte of the body is read.
 */
final class BodyLimitInterceptor implements HandlerInterceptor {
    private final BodyLimits limits;
    private final Map<HandlerMethod, BodyLimits.Limit> cache = new ConcurrentHashMap<>();

    BodyLimitInterceptor(BodyLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        BoundedRequest bounded = WebUtils.getNativeRequest(request, BoundedRequest.class);
        if (bounded == null) {
            // an error dispatch, which the filter leaves alone: nothing reads its body
            return true;
        }
        BodyLimits.Limit limit =
                handler instanceof HandlerMethod method ? cache.computeIfAbsent(method, limits::of) : limits.fallback();
        bounded.limit(limit.name(), limit.maxBytes());
        if (request.getContentLengthLong() > limit.maxBytes()) {
            throw bounded.refuse();
        }
        return true;
    }
}
