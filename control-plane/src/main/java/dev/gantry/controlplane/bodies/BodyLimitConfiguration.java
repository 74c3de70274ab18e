package dev.gantry.controlplane.bodies;

import dev.gantry.controlplane.security.Refusals;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The bounded-body filter and interceptor, and the drain of a refused body. Tomcat's own readers of a
 * body are bounded or off in {@code control-plane.yml}: form parameters
 * ({@code server.tomcat.max-http-form-post-size}; never asked for, a {@link BoundedRequest} takes its
 * parameters from the query string), multipart parsing and Spring's form-content filter
 * (off: no endpoint takes forms or files), and what Tomcat swallows of a body refused before a handler
 * chose its limit (a 401, a 404 of no handler) before it closes the connection
 * ({@code server.tomcat.max-swallow-size}, 2 MB); a handler's refusal drains its body itself
 * ({@link RefusedBodyDrain}).
 */
@Configuration(proxyBeanMethods = false)
class BodyLimitConfiguration implements WebMvcConfigurer {
    /**
     * After Spring Security's filter chain (order -100), so that a request without a key is refused
     * before anything is set up for its body; before every filter that could read one.
     */
    static final int FILTER_ORDER = 0;

    private final BodyLimits limits;

    BodyLimitConfiguration(BodyLimits limits) {
        this.limits = limits;
    }

    @Bean
    FilterRegistrationBean<BoundedBodyFilter> boundedBodyFilter(Refusals refusals) {
        FilterRegistrationBean<BoundedBodyFilter> registration =
                new FilterRegistrationBean<>(new BoundedBodyFilter(limits, refusals));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    @Bean
    RefusedBodyDrain refusedBodyDrain(
            @Qualifier(DispatcherServlet.HANDLER_EXCEPTION_RESOLVER_BEAN_NAME)
                    ObjectProvider<HandlerExceptionResolver> answers) {
        return new RefusedBodyDrain(answers);
    }

    /**
     * A client that sends {@code Expect: 100-continue} (curl does for bodies over 1 MiB) is told to
     * go on only when a handler starts reading, so a body refused from its {@code Content-Length}
     * is never sent at all. Without it, Tomcat answers a 413 and closes the connection, and a client
     * still sending may see the connection reset instead of the answer.
     */
    @Bean
    TomcatConnectorCustomizer continueOnRead() {
        return connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming("onRead");
            }
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BodyLimitInterceptor(limits));
    }
}
