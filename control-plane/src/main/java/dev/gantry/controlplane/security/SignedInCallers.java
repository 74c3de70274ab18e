package dev.gantry.controlplane.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after Spring Security has loaded a request's session: ends the session when it has been idle or
 * open too long (times from the injected clock, so they are the same on every replica and in tests), and
 * otherwise makes the session's person the request's {@link Caller}, looked up now as an API key's user
 * is, so a deactivated user or a changed role counts at once. A request carrying an API key is left
 * to the key: a key never rides on a session.
 */
final class SignedInCallers extends OncePerRequestFilter {
    /** When the session was last used, by the injected clock. */
    static final String LAST_SEEN = SignedInCallers.class.getName() + ".lastSeen";

    private final Credentials credentials;
    private final SignInProperties properties;
    private final Clock clock;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SignedInCallers(Credentials credentials, SignInProperties properties, Clock clock) {
        this.credentials = credentials;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (authentication instanceof SessionAuthentication signedIn) {
            HttpSession session = request.getSession(false);
            Caller caller = session == null ? null : current(signedIn, session);
            if (caller == null) {
                if (session != null) {
                    session.invalidate();
                }
                contexts.clearContext();
            } else {
                var context = contexts.createEmptyContext();
                context.setAuthentication(signedIn.as(caller));
                contexts.setContext(context);
                request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
            }
        }
        chain.doFilter(request, response);
    }

    /** The caller the session's person is now, or null when the session is over. */
    private Caller current(SessionAuthentication signedIn, HttpSession session) {
        Instant now = clock.instant();
        if (!now.isBefore(signedIn.signedInAt().plus(properties.absoluteTimeout()))) {
            return null;
        }
        Object lastSeen = session.getAttribute(LAST_SEEN);
        if (lastSeen instanceof Instant seen && !now.isBefore(seen.plus(properties.idleTimeout()))) {
            return null;
        }
        Caller caller = credentials.caller(signedIn.userId()).orElse(null);
        if (caller != null) {
            session.setAttribute(LAST_SEEN, now);
        }
        return caller;
    }
}
