package dev.gantry.controlplane.bodies;

import dev.gantry.controlplane.security.Refusals;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps every request so that its body can be read only up to a limit: the fallback limit until
 * {@link BodyLimitInterceptor} sets the chosen handler's. Whatever reads a body between the two (no
 * filter of ours does) is held to the fallback.
 */
final class BoundedBodyFilter extends OncePerRequestFilter {
    private final BodyLimits limits;
    private final Refusals refusals;

    BoundedBodyFilter(BodyLimits limits, Refusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyLimits.Limit fallback = limits.fallback();
        chain.doFilter(
                new BoundedRequest(
                        request,
                        fallback.name(),
                        fallback.maxBytes(),
                        () -> refusals.count(Refusals.Reason.BODY_TOO_LARGE)),
                response);
    }
}
