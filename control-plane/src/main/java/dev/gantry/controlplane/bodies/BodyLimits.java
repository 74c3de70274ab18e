package dev.gantry.controlplane.bodies;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every named body limit, and which one a handler has. A {@link BodyLimit} naming no known limit
 * fails the start (a typo must not quietly fall back to the default).
 */
@Component
class BodyLimits implements SmartInitializingSingleton {
    /** A limit by its property name. */
    record Limit(String name, long maxBytes) {}

    private final Map<String, Long> byName = new HashMap<>();
    private final Limit fallback;
    // read once all beans exist: the mappings are built with the interceptor, which needs this
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;

    BodyLimits(List<BodyLimitSource> sources, ObjectProvider<RequestMappingHandlerMapping> mappings) {
        for (BodyLimitSource source : sources) {
            source.bodyLimits().forEach((name, bytes) -> {
                if (byName.put(name, bytes) != null) {
                    throw new IllegalStateException("two sources give the body limit " + name);
                }
            });
        }
        this.fallback = named(BodiesProperties.OTHER);
        this.mappings = mappings;
    }

    Limit fallback() {
        return fallback;
    }

    /** The handler's limit: its method's {@link BodyLimit}, else its class's, else the fallback. */
    Limit of(HandlerMethod handler) {
        BodyLimit limit = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), BodyLimit.class);
        if (limit == null) {
            limit = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), BodyLimit.class);
        }
        return limit == null ? fallback : named(limit.value());
    }

    private Limit named(String name) {
        Long bytes = byName.get(name);
        if (bytes == null) {
            throw new IllegalStateException(
                    "no body limit is named " + name + "; known: " + new TreeSet<>(byName.keySet()));
        }
        return new Limit(name, bytes);
    }

    @Override
    public void afterSingletonsInstantiated() {
        mappings.orderedStream()
                .forEach(mapping -> mapping.getHandlerMethods().values().forEach(this::of));
    }
}
