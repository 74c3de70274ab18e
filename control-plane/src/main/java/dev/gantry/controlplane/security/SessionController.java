package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in, sign-out and "who am I" for people. A correct e-mail and password (checked by Spring
 * Security's {@code DaoAuthenticationProvider}) start a new session, whose cookie then authenticates
 * the same REST API an API key does; signing out ends the session on the server.
 */
@RestController
class SessionController {
    private static final Logger log = LoggerFactory.getLogger(SessionController.class);
    static final int MAX_EMAIL = 255;

    record SignIn(String email, String password) {}

    /**
     * @param via how the request was authenticated: {@code session}, {@code key}, or null when it was not
     */
    record SessionView(
            boolean authenticated, String via, Person user, Role role, boolean operator, Instant expiresAt) {}

    /** A refused sign-in: wrong e-mail or password (401), or too many failures (429). */
    static final class SignInRefused extends RuntimeException {
        final Duration retryAfter;

        SignInRefused(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }
    }

    private final AuthenticationManager signIns;
    private final SignInThrottle throttle;
    private final SignInProperties properties;
    private final CsrfTokenRepository csrfTokens;
    private final People people;
    private final Credentials credentials;
    private final Clock clock;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionController(
            SignInAuthentication signIns,
            SignInThrottle throttle,
            SignInProperties properties,
            CsrfTokenRepository csrfTokens,
            People people,
            Credentials credentials,
            Clock clock) {
        this.credentials = credentials;
        this.signIns = signIns.manager();
        this.throttle = throttle;
        this.properties = properties;
        this.csrfTokens = csrfTokens;
        this.people = people;
        this.clock = clock;
    }

    @PostMapping("/api/v1/session")
    SessionView signIn(@RequestBody SignIn body, HttpServletRequest request, HttpServletResponse response) {
        String email = body.email() == null ? "" : body.email().strip();
        if (email.isEmpty() || email.length() > MAX_EMAIL) {
            throw new InvalidInputException("email", "is required (at most " + MAX_EMAIL + " characters)");
        }
        if (body.password() == null
                || body.password().isEmpty()
                || body.password().length() > 1024) {
            throw new InvalidInputException("password", "is required");
        }
        String address = request.getRemoteAddr();
        Duration wait = throttle.waitFor(email, address);
        if (!wait.isZero()) {
            throw new SignInRefused("too many failed sign-ins; try again later", wait);
        }
        UUID userId;
        try {
            userId = UUID.fromString(
                    signIns.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, body.password()))
                            .getName());
        } catch (AuthenticationException e) {
            throttle.failed(email, address);
            throw new SignInRefused("wrong e-mail or password", null);
        }
        throttle.succeeded(email);
        Instant now = clock.instant();
        // a new session id at every sign-in: a session id planted beforehand is worth nothing
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        // the container frees an idle session a little after the clock-based check has ended it
        session.setMaxInactiveInterval(
                (int) properties.idleTimeout().plusMinutes(1).toSeconds());
        session.setAttribute(SignedInCallers.LAST_SEEN, now);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SessionAuthentication.signedIn(userId, now));
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
        // and a new CSRF token, so one read before the sign-in is not the signed-in session's
        csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        log.info("user {} signed in", userId);
        Caller caller = credentials.caller(userId).orElseThrow();
        return view("session", people.person(caller.tenantId(), userId), caller, now);
    }

    @GetMapping("/api/v1/session")
    SessionView current(HttpServletRequest request, CsrfToken csrf) {
        // reading the token makes Spring Security send its cookie, which the console echoes in a header
        csrf.getToken();
        if (!(request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller)) {
            return new SessionView(false, null, null, null, false, null);
        }
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof SessionAuthentication signedIn) {
            return view("session", people.person(caller.tenantId(), caller.userId()), caller, signedIn.signedInAt());
        }
        return new SessionView(
                true, "key", people.person(caller.tenantId(), caller.userId()), caller.role(), caller.operator(), null);
    }

    @DeleteMapping("/api/v1/session")
    ResponseEntity<Void> signOut(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        csrfTokens.saveToken(null, request, response);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(SignInRefused.class)
    ResponseEntity<ProblemDetail> onRefused(SignInRefused e) {
        boolean throttled = e.retryAfter != null;
        log.warn("{} sign-in: {}", throttled ? 429 : 401, e.getMessage());
        ProblemDetail problem = ProblemDetailsAdvice.problem(
                throttled ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNAUTHORIZED,
                throttled ? "too-many-sign-ins" : "bad-credentials",
                e.getMessage());
        var answer = ResponseEntity.status(problem.getStatus());
        if (throttled) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter.toSeconds())));
        }
        return answer.body(problem);
    }

    private SessionView view(String via, Person person, Caller caller, Instant signedInAt) {
        return new SessionView(true, via, person, caller.role(), caller.operator(), expiry(signedInAt));
    }

    private Instant expiry(Instant signedInAt) {
        return signedInAt.plus(properties.absoluteTimeout());
    }
}
