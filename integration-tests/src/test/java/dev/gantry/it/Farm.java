package dev.gantry.it;

import dev.gantry.controlplane.ControlPlaneApplication;
import dev.gantry.testsupport.SettableClock;
import dev.gantry.worker.WorkerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * A control plane and workers as separate application contexts in this JVM, on the real local
 * services, isolated from any running farm by their own PostgreSQL schema, Redis key prefix and
 * RabbitMQ names. One farm serves every test class of the JVM (contexts take seconds to start).
 */
final class Farm {
    static final int WORKERS = 2;
    /** A fixed test key: 32 bytes, Base64. */
    static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    final String id = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final LocalServices services = LocalServices.get();
    final String adminKey = "gk_" + UUID.randomUUID().toString().replace("-", "");
    final ConfigurableApplicationContext controlPlane;
    final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    final AtomicLong partitionMessages = new AtomicLong();
    /** The control planes' clock when a test sets it ({@link #withClock}); otherwise null, the system's. */
    final SettableClock clock;

    private static Farm instance;

    /** The farm shared by the test classes of this JVM, with {@link #WORKERS} worker contexts. */
    static synchronized Farm get() {
        if (instance == null) {
            instance = new Farm(WORKERS);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    /** A farm of its own, for a test that needs to own its workers (close it when done). */
    static Farm withWorkers(int workers) {
        return new Farm(workers, Map.of());
    }

    /** A farm of its own whose control plane has some settings of its own (they win over the farm's). */
    static Farm withControlPlane(int workers, Map<String, Object> overrides) {
        return new Farm(workers, overrides, null);
    }

    /**
     * A farm of its own whose control planes (this one's and {@link #startControlPlane} ones) keep the
     * time of {@code clock}: their schedules, deadlines and leases move when the test moves it.
     */
    static Farm withClock(int workers, SettableClock clock) {
        return new Farm(workers, Map.of(), clock);
    }

    private Farm(int workerContexts) {
        this(workerContexts, Map.of(), null);
    }

    private Farm(int workerContexts, Map<String, Object> overrides) {
        this(workerContexts, overrides, null);
    }

    private Farm(int workerContexts, Map<String, Object> overrides, SettableClock clock) {
        this.clock = clock;
        createSchema();
        controlPlane = controlPlaneBuilder().run(arguments(common(), controlPlaneSettings(overrides)));
        controlPlane.getBean("partitionRequests", DirectChannel.class).addInterceptor(new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                partitionMessages.incrementAndGet();
                return message;
            }
        });
        for (int i = 0; i < workerContexts; i++) {
            startWorker();
        }
    }

    /** Another control plane on the same schema, queues and keys: a second replica (close it when done). */
    ConfigurableApplicationContext startControlPlane() {
        return startControlPlane(Map.of());
    }

    /** Another control plane on the same schema with some settings of its own (close it when done). */
    ConfigurableApplicationContext startControlPlane(Map<String, Object> overrides) {
        return startControlPlane(overrides, clock);
    }

    /**
     * Another control plane keeping the time of a clock of its own: a replica whose time moves apart
     * from this farm's, as a paused control plane's stands still while the others' goes on.
     */
    ConfigurableApplicationContext startControlPlane(SettableClock ownClock) {
        return startControlPlane(Map.of(), ownClock);
    }

    private ConfigurableApplicationContext startControlPlane(Map<String, Object> overrides, SettableClock clock) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "spring.flyway.default-schema",
                id,
                "gantry.security.admin-key",
                adminKey,
                "gantry.runs.poll-interval",
                "100ms",
                "management.server.port",
                "0"));
        settings.putAll(overrides);
        return controlPlaneBuilder(clock).run(arguments(common(), settings));
    }

    private SpringApplicationBuilder controlPlaneBuilder() {
        return controlPlaneBuilder(clock);
    }

    /** With the given clock, when there is one, in place of the system's. */
    private static SpringApplicationBuilder controlPlaneBuilder(SettableClock clock) {
        SpringApplicationBuilder builder = ControlPlaneApplication.builder();
        if (clock != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("settableClock", clock));
        }
        return builder;
    }

    void startWorker() {
        startWorker(Map.of());
    }

    /** A worker context with some settings of its own (they win over the farm's). */
    private static final String WORKER_WITHOUT_SECURITY = String.join(
            ",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

    void startWorker(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of("gantry.worker.concurrency", "16"));
        // the worker's own jar has no Spring Security; this classpath has the control plane's,
        // whose auto-configuration would close the worker's actuator as it never is in production
        settings.put("spring.autoconfigure.exclude", WORKER_WITHOUT_SECURITY);
        settings.putAll(overrides);
        workers.add(WorkerApplication.builder().run(arguments(common(), settings)));
    }

    void stopWorker(int index) {
        workers.remove(index).close();
    }

    /** SQL statements a worker context has executed so far, as its {@code jdbc.query} metric counts them. */
    static long statements(ConfigurableApplicationContext worker) {
        return (long) worker.getBean(MeterRegistry.class).find("jdbc.query").timers().stream()
                .mapToDouble(Timer::count)
                .sum();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + controlPlane.getEnvironment().getProperty("local.server.port");
    }

    /** The control plane's actuator, on its management port of its own. */
    String managementUrl() {
        return managementUrl(controlPlane);
    }

    static String managementUrl(ConfigurableApplicationContext controlPlane) {
        return "http://127.0.0.1:" + controlPlane.getEnvironment().getProperty("local.management.port");
    }

    String redisPrefix() {
        return id;
    }

    Connection database() throws java.sql.SQLException {
        return services.connect(id);
    }

    /** One row's reading of a query. */
    interface Row<T> {
        T read(java.sql.ResultSet rs) throws Exception;
    }

    /** The first row of a query with one parameter, read by {@code row}; null when there is none. */
    <T> T queryOne(String sql, Object parameter, Row<T> row) throws Exception {
        try (Connection db = database();
                java.sql.PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                return rs.next() ? row.read(rs) : null;
            }
        }
    }

    /** The run's partitions counted {@code steps} steps, all passed, and Redis holds one detail per step. */
    void assertEveryStepCountedOnce(java.util.UUID run, long steps) throws java.sql.SQLException {
        try (Connection db = database();
                var statement = db.prepareStatement(
                        "select sum(steps_done), sum(passed) from run_partitions where run_id = ?")) {
            statement.setObject(1, run);
            try (var r = statement.executeQuery()) {
                r.next();
                org.assertj.core.api.Assertions.assertThat(r.getLong(1))
                        .as("steps done")
                        .isEqualTo(steps);
                org.assertj.core.api.Assertions.assertThat(r.getLong(2))
                        .as("steps passed")
                        .isEqualTo(steps);
            }
        }
        org.redisson.api.RedissonClient redis = controlPlane.getBean(org.redisson.api.RedissonClient.class);
        org.assertj.core.api.Assertions.assertThat(redis.getMap(
                                new dev.gantry.model.RedisKeys(redisPrefix()).details(run),
                                org.redisson.client.codec.StringCodec.INSTANCE)
                        .size())
                .as("step details in Redis")
                .isEqualTo((int) steps);
    }

    private Map<String, Object> controlPlaneSettings(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "management.server.port",
                "0",
                "gantry.security.admin-key",
                adminKey,
                "spring.flyway.default-schema",
                id,
                // small partitions so that every run spreads over both workers
                "gantry.runs.min-work-items-per-partition",
                "25",
                "gantry.runs.max-work-items-per-partition",
                "25",
                "gantry.runs.poll-interval",
                "100ms",
                "gantry.metrics.refresh-interval",
                "1s",
                // the hook tests' callback receivers listen on loopback
                "gantry.hooks.allow-private-callbacks",
                "true",
                // the recorded JIRA answers are served on loopback
                "gantry.stories.allow-private",
                "true"));
        settings.putAll(overrides);
        return settings;
    }

    /**
     * Arguments that make a control plane process (the executable jar) join this farm; its actuator
     * listens on {@code managementPort}.
     */
    String[] controlPlaneProcessArguments(int port, int managementPort, Map<String, Object> overrides) {
        Map<String, Object> settings = controlPlaneSettings(overrides);
        settings.put("server.port", String.valueOf(port));
        settings.put("management.server.port", String.valueOf(managementPort));
        // the schema exists and is migrated: a second control plane must not race the first's Flyway
        settings.put("spring.flyway.enabled", "false");
        return arguments(common(), settings);
    }

    /** Arguments that make a worker process (the executable jar) join this farm. */
    String[] workerProcessArguments(int port, int concurrency) {
        return arguments(
                common(),
                Map.of("server.port", String.valueOf(port), "gantry.worker.concurrency", String.valueOf(concurrency)));
    }

    /** As command-line arguments, which outrank the apps' own configuration files. */
    private static String[] arguments(Map<String, Object> common, Map<String, Object> specific) {
        Map<String, Object> all = new HashMap<>(common);
        all.putAll(specific);
        return all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private Map<String, Object> common() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", services.jdbcUrl(id));
        properties.put("spring.datasource.username", services.databaseUser);
        properties.put("spring.datasource.password", "");
        // several farms and worker processes share one PostgreSQL (100 connections by default)
        properties.put("spring.datasource.hikari.maximum-pool-size", "6");
        properties.put("spring.rabbitmq.host", services.rabbit.host());
        properties.put("spring.rabbitmq.port", String.valueOf(services.rabbit.port()));
        properties.put("gantry.redis.address", "redis://" + services.redis.host() + ":" + services.redis.port());
        properties.put("gantry.redis.key-prefix", id);
        properties.put("gantry.messaging.prefix", id);
        properties.put("gantry.security.encryption-key", ENCRYPTION_KEY);
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.gantry", "INFO");
        return properties;
    }

    private void createSchema() {
        try (Connection c = services.connect(null);
                Statement s = c.createStatement()) {
            s.execute("create schema " + id);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test schema " + id + ": " + e.getMessage(), e);
        }
    }

    /** Stops a test's target and closes its farm of its own, whichever of them was started. */
    static void closeAll(Farm farm, com.sun.net.httpserver.HttpServer target) {
        if (target != null) {
            target.stop(0);
        }
        if (farm != null) {
            farm.close();
        }
    }

    void close() {
        // each part is cleaned on its own: a broker or Redis refusing for a moment must never leave
        // the control plane ticking against a schema that is about to be dropped
        workers.forEach(worker -> quietly("closing a worker", worker::close));
        quietly("deleting the queues", () -> {
            RabbitAdmin admin = new RabbitAdmin(controlPlane.getBean(ConnectionFactory.class));
            var names = new dev.gantry.model.MessagingNames(id);
            admin.deleteQueue(names.partitionQueue());
            admin.deleteQueue(names.deadLetterQueue());
            admin.deleteExchange(names.partitionExchange());
            admin.deleteExchange(names.deadLetterExchange());
        });
        quietly("deleting the Redis keys", () -> controlPlane
                .getBean(org.redisson.api.RedissonClient.class)
                .getKeys()
                .deleteByPattern(id + ":*"));
        quietly("closing the control plane", controlPlane::close);
        try (Connection c = services.connect(null);
                Statement s = c.createStatement()) {
            s.execute("drop schema " + id + " cascade");
        } catch (java.sql.SQLException e) {
            System.err.println("test farm cleanup: " + e);
        }
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("test farm cleanup, " + what + ": " + e);
        }
    }
}
