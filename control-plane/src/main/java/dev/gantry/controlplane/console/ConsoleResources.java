package dev.gantry.controlplane.console;

import java.io.IOException;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the built console from the jar's {@code console/} folder at {@code /console/}. Vite names
 * each asset by its content hash, so assets may be cached for a year; the page itself is asked for
 * again each time. A path that names no file and no asset is one of the console's own routes
 * ({@code /console/runs/…}): it answers the page, whose router shows the view (history-API routing).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleResources implements WebMvcConfigurer {
    static final String LOCATION = "classpath:/console/";
    static final String PAGE = "index.html";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**")
                .addResourceLocations(LOCATION + "assets/")
                .setCacheControl(
                        CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/console", "/console/", "/console/**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(false)
                .addResolver(new PageForRoutes());
    }

    /** A file of the console when there is one, else the page for a route of the console. */
    static final class PageForRoutes extends PathResourceResolver {
        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource file = resourcePath.isEmpty() || resourcePath.endsWith("/")
                    ? null
                    : super.getResource(resourcePath, location);
            if (file != null) {
                return file;
            }
            // a route names no file; a missing file (a dot in its last segment) stays missing
            String last = resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
            if (last.contains(".")) {
                return null;
            }
            return super.getResource(PAGE, location);
        }
    }
}
