package dev.gantry.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The PostgreSQL, Redis and RabbitMQ the tests talk to: the local services named by environment
 * variables (localhost defaults), or containers where those do not answer and a Docker engine
 * exists. A missing service fails the tests with a message saying how to start it; never a skip.
 */
final class LocalServices {
    record Endpoint(String host, int port) {}

    final Endpoint postgres;
    final Endpoint redis;
    final Endpoint rabbit;
    final String databaseUser;
    final String databaseName;

    private static LocalServices instance;

    private LocalServices(
            Endpoint postgres, Endpoint redis, Endpoint rabbit, String databaseUser, String databaseName) {
        this.postgres = postgres;
        this.redis = redis;
        this.rabbit = rabbit;
        this.databaseUser = databaseUser;
        this.databaseName = databaseName;
    }

    static synchronized LocalServices get() {
        if (instance == null) {
            instance = resolve();
        }
        return instance;
    }

    private static LocalServices resolve() {
        Map<String, String> env = System.getenv();
        String user = env.getOrDefault("GANTRY_DB_USER", "postgres");
        String database = "gantry_test";
        Endpoint postgres =
                new Endpoint(env.getOrDefault("GANTRY_DB_HOST", "127.0.0.1"), port(env, "GANTRY_DB_PORT", 5432));
        Endpoint redis =
                new Endpoint(env.getOrDefault("GANTRY_REDIS_HOST", "127.0.0.1"), port(env, "GANTRY_REDIS_PORT", 6379));
        Endpoint rabbit = new Endpoint(
                env.getOrDefault("GANTRY_RABBIT_HOST", "127.0.0.1"), port(env, "GANTRY_RABBIT_PORT", 5672));
        boolean docker = !answers(postgres) || !answers(redis) || !answers(rabbit) ? dockerAvailable() : false;
        if (!answers(postgres)) {
            postgres = docker
                    ? container("postgres:16-alpine", 5432, Map.of("POSTGRES_HOST_AUTH_METHOD", "trust"))
                    : missing("PostgreSQL", postgres);
        }
        if (!answers(redis)) {
            redis = docker ? container("redis:7-alpine", 6379, Map.of()) : missing("Redis", redis);
        }
        if (!answers(rabbit)) {
            rabbit = docker ? container("rabbitmq:4-alpine", 5672, Map.of()) : missing("RabbitMQ", rabbit);
        }
        LocalServices services = new LocalServices(postgres, redis, rabbit, user, database);
        services.createDatabaseIfMissing();
        return services;
    }

    String jdbcUrl(String schema) {
        return jdbcUrlVia(postgres.port(), schema);
    }

    /** The same database reached on another local port (a proxy in front of PostgreSQL). */
    String jdbcUrlVia(int port, String schema) {
        return "jdbc:postgresql://" + postgres.host() + ":" + port + "/" + databaseName
                + (schema == null ? "" : "?currentSchema=" + schema);
    }

    Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(schema), databaseUser, "");
    }

    private void createDatabaseIfMissing() {
        String admin = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, databaseUser, "");
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + databaseName + "'");
            if (!rs.next()) {
                s.execute("create database " + databaseName);
            }
        } catch (SQLException e) {
            // another test JVM may have created it at the same moment
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw new IllegalStateException(
                        "cannot prepare test database " + databaseName + ": " + e.getMessage(), e);
            }
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        return Integer.parseInt(env.getOrDefault(name, String.valueOf(fallback)));
    }

    /** Whether something accepts connections at the endpoint (within a second). */
    static boolean answers(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the test JVM; Ryuk removes it afterwards
    private static Endpoint container(String image, int port, Map<String, String> env) {
        GenericContainer<?> container = new GenericContainer<>(image)
                .withExposedPorts(port)
                .withEnv(env)
                .waitingFor(Wait.forListeningPort());
        container.start();
        return new Endpoint(container.getHost(), container.getMappedPort(port));
    }

    private static Endpoint missing(String service, Endpoint endpoint) {
        throw new IllegalStateException(service + " is not answering on " + endpoint.host() + ":" + endpoint.port()
                + " and no Docker engine is available for a container. Start the local services with"
                + " `./gantry services` (or see the machine notes in the README), then run the tests again.");
    }
}
