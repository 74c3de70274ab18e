package dev.gantry.controlplane.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Spring Security owns who gets in: API keys are authenticated by {@link ApiKeyAuthenticationProvider},
 * {@link AccessRules} decide per path pattern and role, matched on the path Spring MVC routes on, and
 * whatever no rule names is denied. The strict firewall refuses paths that are not in normal form
 * (encoded slashes and dots, {@code ;} parameters, {@code //}, backslashes) with a 400 problem
 * detail, so no path has two spellings that could be judged differently.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiKeyAuthenticationProvider provider,
            SecurityProblems problems,
            SecurityProperties properties)
            throws Exception {
        AuthenticationFilter apiKeys =
                new AuthenticationFilter(new ProviderManager(provider), new ApiKeyAuthenticationConverter());
        apiKeys.setSuccessHandler((request, response, authentication) ->
                // controllers and the audit log take the caller from here; the chain goes on by itself
                request.setAttribute(Caller.REQUEST_ATTRIBUTE, authentication.getPrincipal()));
        apiKeys.setFailureHandler(problems::commence);

        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        List<AccessRules.Rule> rules = AccessRules.rules(properties.openMetrics(), properties.openApiDocs());
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(apiKeys, AuthorizationFilter.class)
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
