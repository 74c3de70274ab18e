package dev.gantry.controlplane.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An {@code X-Api-Key} credential: unauthenticated as read from a request (the key alone), and
 * authenticated with its {@link Caller} once the provider found the key. The key itself is dropped
 * as soon as it has been checked.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {
    static final String OPERATOR_AUTHORITY = "ROLE_OPERATOR";

    private String key;
    private final Caller caller;

    private ApiKeyAuthentication(String key, Caller caller, List<GrantedAuthority> authorities) {
        super(authorities);
        this.key = key;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    static ApiKeyAuthentication unauthenticated(String key) {
        return new ApiKeyAuthentication(key, null, List.of());
    }

    static ApiKeyAuthentication authenticated(Caller caller) {
        return new ApiKeyAuthentication(null, caller, authorities(caller));
    }

    /** A role implies the roles below it; only an ADMIN of the operator tenant is an operator. */
    static List<GrantedAuthority> authorities(Caller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : Role.values()) {
            if (caller.role().atLeast(role)) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
            }
        }
        if (caller.operator() && caller.role() == Role.ADMIN) {
            authorities.add(new SimpleGrantedAuthority(OPERATOR_AUTHORITY));
        }
        return authorities;
    }

    String key() {
        return key;
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public void eraseCredentials() {
        key = null;
    }
}
