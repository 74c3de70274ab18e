package dev.gantry.controlplane.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security owns who gets in: API keys are authenticated by {@link ApiKeyAuthenticationProvider},
 * people by a session started by {@link SessionController} (its person made the request's caller by
 * {@link SignedInCallers}, CSRF-protected),
 * {@link AccessRules} decide per path pattern and role, matched on the path Spring MVC routes on, and
 * whatever no rule names is denied. The strict firewall refuses paths that are not in normal form
 * (encoded slashes and dots, {@code ;} parameters, {@code //}, backslashes) with a 400 problem
 * detail, so no path has two spellings that could be judged differently.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {
    /**
     * The console's pages: its own scripts, styles and images only (Vite emits no inline script), its
     * own API, never framed.
     */
    static final String CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiKeyAuthenticationProvider provider,
            SecurityProblems problems,
            SecurityProperties properties,
            CsrfTokenRepository csrfTokens,
            Credentials credentials,
            SignInProperties signIn,
            Clock clock)
            throws Exception {
        AuthenticationFilter apiKeys =
                new AuthenticationFilter(new ProviderManager(provider), new ApiKeyAuthenticationConverter());
        apiKeys.setSuccessHandler((request, response, authentication) ->
                // controllers and the audit log take the caller from here; the chain goes on by itself
                request.setAttribute(Caller.REQUEST_ATTRIBUTE, authentication.getPrincipal()));
        apiKeys.setFailureHandler(problems::commence);

        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        List<AccessRules.Rule> rules = AccessRules.rules(properties.openMetrics(), properties.openApiDocs());
        RequestMatcher signInPath = paths.matcher(HttpMethod.POST, "/api/v1/session");
        http.csrf(csrf -> csrf.spa()
                        .csrfTokenRepository(csrfTokens)
                        .requireCsrfProtectionMatcher(request -> needsCsrfToken(request, signInPath)))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                // SessionController signs out (DELETE /api/v1/session), an endpoint like the others
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // only a sign-in makes a session (SessionController); an API key never does
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .addFilterBefore(apiKeys, AuthorizationFilter.class)
                .addFilterAfter(new SignedInCallers(credentials, signIn, clock), AuthenticationFilter.class)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        paths.matcher("/console/**"), new StaticHeadersWriter("Content-Security-Policy", CONSOLE_CSP))))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(authorize -> {
                    // the request itself was authorised; its error page and async completion are not new requests
                    authorize
                            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                            .permitAll();
                    for (AccessRules.Rule rule : rules) {
                        var matcher = authorize.requestMatchers(paths.matcher(rule.method(), rule.pattern()));
                        switch (rule.access()) {
                            case PUBLIC -> matcher.permitAll();
                            case VIEWER, TESTER, ADMIN ->
                                matcher.hasRole(rule.access().name());
                            case OPERATOR -> matcher.hasAuthority(ApiKeyAuthentication.OPERATOR_AUTHORITY);
                        }
                    }
                    authorize.anyRequest().denyAll();
                });
        return http.build();
    }

    /**
     * A state-changing request rides on a session only when it carries the session's cookie, so only
     * those need the CSRF token (Spring Security's single-page-application pattern: the console echoes
     * the {@code XSRF-TOKEN} cookie in an {@code X-XSRF-TOKEN} header), and a sign-in, so that no other
     * site can sign a browser in to an account of its choosing. A request with an API key is never
     * authenticated by a cookie, and another site cannot add that header to a browser's request.
     */
    static boolean needsCsrfToken(HttpServletRequest request, RequestMatcher signIn) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE")) {
            return false;
        }
        if (request.getHeader(ApiKeyAuthenticationConverter.HEADER) != null) {
            return false;
        }
        return request.getRequestedSessionId() != null || signIn.matches(request);
    }

    /** The console's cookie-held CSRF token: readable by its script, sent to this site alone. */
    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookiePath("/");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return tokens;
    }

    /**
     * Tomcat would answer an encoded slash ({@code %2F}) or backslash ({@code %5C}) with a bare 400 of
     * its own, before any filter; passed through still encoded, the firewall refuses them like every
     * other path not in normal form: a problem detail, counted.
     */
    @Bean
    TomcatConnectorCustomizer encodedSeparatorsToTheFirewall() {
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        };
    }

    /** Spring Security's default, declared so that it is plain which firewall guards the farm. */
    @Bean
    HttpFirewall httpFirewall() {
        return new StrictHttpFirewall();
    }
}
