package dev.gantry.controlplane.security;

import java.io.Serial;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A person signed in to the console. The session holds only who signed in and when; on each request
 * {@link SignedInCallers} turns it into the {@link Caller} the user is now (role, tenant, still active),
 * so a role changed or a user deactivated takes effect at once, as it does for an API key.
 */
final class SessionAuthentication extends AbstractAuthenticationToken {
    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final Instant signedInAt;
    private final transient Caller caller;

    private SessionAuthentication(UUID userId, Instant signedInAt, Caller caller, List<GrantedAuthority> authorities) {
        super(authorities);
        this.userId = userId;
        this.signedInAt = signedInAt;
        this.caller = caller;
        setAuthenticated(true);
    }

    /** What the session keeps after a successful sign-in. */
    static SessionAuthentication signedIn(UUID userId, Instant at) {
        return new SessionAuthentication(userId, at, null, List.of());
    }

    /** The request's authentication: the session's person as the caller they are now. */
    SessionAuthentication as(Caller now) {
        return new SessionAuthentication(userId, signedInAt, now, ApiKeyAuthentication.authorities(now));
    }

    UUID userId() {
        return userId;
    }

    Instant signedInAt() {
        return signedInAt;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return caller != null ? caller : userId;
    }
}
