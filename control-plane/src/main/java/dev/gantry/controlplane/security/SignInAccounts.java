package dev.gantry.controlplane.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * The accounts Spring Security's {@code DaoAuthenticationProvider} checks passwords against: an active
 * user with a password, found by e-mail, named by user id. An unknown e-mail costs the same hashing
 * as a known one (the provider hashes a dummy), so timing does not tell which addresses exist.
 */
@Component
class SignInAccounts implements UserDetailsService {
    private final Credentials credentials;

    SignInAccounts(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return credentials
                .account(email)
                .map(account -> User.withUsername(account.userId().toString())
                        .password(account.passwordHash())
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no account"));
    }
}
