package dev.gantry.model;

import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The ports of the farm's own services, which no test target may use unless an operator allows
 * it: a case must not be able to reach PostgreSQL, Redis, RabbitMQ or an actuator from inside the
 * farm's network. Refused on any host, since the services listen on addresses a target name may
 * lead to; an operator whose targets really are on one of these ports takes it off the list.
 *
 * <p>Settings, the same in the control plane (checked when a base URL or a case's whole URL is
 * saved) and the workers (checked on every request and redirect):
 *
 * <ul>
 *   <li>{@code gantry.targets.service-ports} ({@code GANTRY_TARGETS_SERVICE_PORTS}): the list,
 *       by default {@link #DEFAULTS}: PostgreSQL 5432, RabbitMQ 5672 and its management 15672,
 *       Redis 6379, the control plane's management port 9080 and the worker's actuator 8081;
 *   <li>the ports the app itself is configured with are added: its database, RabbitMQ and Redis
 *       ports and its own actuator's (the control plane's API port is not a service port: it
 *       asks for a key like any target);
 *   <li>{@code gantry.targets.allowed-service-ports} ({@code GANTRY_TARGETS_ALLOWED_SERVICE_PORTS}):
 *       ports taken off the list.
 * </ul>
 */
public record ServicePorts(Set<Integer> refused) {
    public static final List<Integer> DEFAULTS = List.of(5432, 5672, 6379, 8081, 9080, 15672);

    public ServicePorts {
        refused = Set.copyOf(refused);
    }

    public static ServicePorts of(Collection<Integer> servicePorts, Collection<Integer> allowed) {
        Set<Integer> ports = new TreeSet<>(servicePorts);
        ports.removeAll(allowed);
        return new ServicePorts(ports);
    }

    /**
     * The service ports of an app from its settings (a property lookup answering null when unset),
     * with the names of the settings that hold its own actuator's port.
     */
    public static ServicePorts configured(Function<String, String> property, String... actuatorPortSettings) {
        String listed = property.apply("gantry.targets.service-ports");
        Set<Integer> ports = new TreeSet<>(listed == null ? DEFAULTS : ports(listed));
        addPort(ports, property.apply("spring.rabbitmq.port"));
        for (String setting : actuatorPortSettings) {
            addPort(ports, property.apply(setting));
        }
        addUrlPort(ports, property.apply("gantry.redis.address"));
        String jdbc = property.apply("spring.datasource.url");
        addUrlPort(ports, jdbc == null || !jdbc.startsWith("jdbc:") ? null : jdbc.substring("jdbc:".length()));
        String allowed = property.apply("gantry.targets.allowed-service-ports");
        return of(ports, allowed == null ? List.of() : ports(allowed));
    }

    private static List<Integer> ports(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .map(ServicePorts::port)
                .toList();
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a port (gantry.targets.*-service-ports)");
    }

    private static void addPort(Set<Integer> ports, String text) {
        if (text != null && text.matches("\\d{1,5}")) {
            int port = Integer.parseInt(text);
            if (port > 0 && port <= 65_535) {
                ports.add(port);
            }
        }
    }

    private static void addUrlPort(Set<Integer> ports, String url) {
        if (url == null) {
            return;
        }
        try {
            int port = URI.create(url).getPort();
            if (port > 0) {
                ports.add(port);
            }
        } catch (IllegalArgumentException notAUri) {
            // a setting the app itself will complain about
        }
    }

    /**
     * Why a target may not be on this port (as written in a URL: -1 for the scheme's default,
     * which is 80 or 443 and refused only when listed), or null when it may.
     */
    public String refusal(String scheme, int port) {
        int effective = port > 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        if (!refused.contains(effective)) {
            return null;
        }
        return "port " + effective + " is one of the farm's own services (PostgreSQL, Redis, RabbitMQ, actuators);"
                + " targets may not be there (an operator may allow it with gantry.targets.allowed-service-ports)";
    }
}
