package dev.gantry.controlplane.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a person's e-mail and password: Spring Security's {@code DaoAuthenticationProvider} over
 * {@link SignInAccounts}. An identity provider (OIDC) would sit beside it: Spring Security's
 * {@code oauth2Login()} in {@link SecurityConfiguration}, whose success handler starts the same
 * {@link SessionAuthentication} for the user its claims name, so everything after sign-in stays as is.
 */
@Component
class SignInAuthentication {
    private final AuthenticationManager manager;

    SignInAuthentication(SignInAccounts accounts, PasswordEncoder encoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        this.manager = new ProviderManager(provider);
    }

    AuthenticationManager manager() {
        return manager;
    }
}
