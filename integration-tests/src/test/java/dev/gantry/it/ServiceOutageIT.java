package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A service taken away from a worker for 2 s in the middle of a run ({@link OutageScenario}): the
 * run passes, every step counted exactly once. Only the worker's path to the service is cut.
 */
class ServiceOutageIT {

    /** Every connection to Redis dropped: the chunk's details are written when Redis is back. */
    @Test
    void aShortRedisOutageLosesNothingAndCountsNothingTwice() throws Exception {
        try (OutageScenario scenario = new OutageScenario(
                services -> services.redis,
                (farm, port) -> Map.of("gantry.redis.address", "redis://127.0.0.1:" + port),
                false)) {
            scenario.cutMidRunAndExpectExactCounts("Redis");
        }
    }

    /**
     * One of two workers loses RabbitMQ: its unacknowledged requests go back to the queue; the
     * execution of a partition that started last carries it on, the earlier one commits nothing more.
     */
    @Test
    void aWorkerCutOffFromRabbitMqLosesNothingAndCountsNothingTwice() throws Exception {
        try (OutageScenario scenario = new OutageScenario(
                services -> services.rabbit,
                (farm, port) ->
                        Map.of("spring.rabbitmq.host", "127.0.0.1", "spring.rabbitmq.port", String.valueOf(port)),
                true)) {
            scenario.cutMidRunAndExpectExactCounts("RabbitMQ");
        }
    }

    /**
     * One of two workers loses PostgreSQL: the chunk under way cannot commit; the request goes back
     * to the queue and the partition resumes from its last committed chunk.
     */
    @Test
    void aWorkerCutOffFromPostgresResumesItsPartitionAndCountsEveryStepOnce() throws Exception {
        try (OutageScenario scenario =
                new OutageScenario(services -> services.postgres, (farm, port) -> postgresVia(farm, port), true)) {
            scenario.cutMidRunAndExpectExactCounts("PostgreSQL");
        }
    }

    /**
     * One of two workers' connections to PostgreSQL go silent for good, open but carrying nothing (a
     * firewall that forgot them without a reset), and for 6 s no new one gets through: its
     * statements fail after the socket timeout (2 s here) instead of holding the partition for good,
     * PostgreSQL ends the transactions left idle on the silent connections (their row locks with
     * them), the request goes back to the queue, and the partition resumes counting every step once.
     */
    @Test
    void aWorkerWhosePostgresConnectionsGoSilentResumesAfterTheSocketTimeout() throws Exception {
        try (OutageScenario scenario = new OutageScenario(
                services -> services.postgres,
                (farm, port) -> {
                    Map<String, Object> settings = new HashMap<>(postgresVia(farm, port));
                    settings.put("spring.datasource.hikari.data-source-properties.socketTimeout", "2");
                    settings.put(
                            "spring.datasource.hikari.data-source-properties.options",
                            "-c idle_in_transaction_session_timeout=4s");
                    return settings;
                },
                true)) {
            scenario.blackholeMidRunAndExpectExactCounts("PostgreSQL (silent)", Duration.ofSeconds(6));
        }
    }

    /**
     * The control plane's statements give up on a silent connection after its socket timeout (a run's
     * manager then rides the failure out as an outage, where it would have waited for good), while
     * its migrations, on connections of their own, are never cut off.
     */
    @Test
    void theControlPlanesStatementsGiveUpOnASilentConnectionButItsMigrationsDoNot() throws Exception {
        Farm farm = Farm.withWorkers(0);
        try {
            DataSource pool = farm.controlPlane.getBean(DataSource.class);
            try (Connection connection = pool.getConnection()) {
                assertThat(connection.getNetworkTimeout()).isEqualTo(300_000);
            }
            DataSource migrations =
                    farm.controlPlane.getBean(Flyway.class).getConfiguration().getDataSource();
            assertThat(migrations).isNotSameAs(pool);
            try (Connection connection = migrations.getConnection()) {
                assertThat(connection.getNetworkTimeout()).isZero();
                assertThat(connection.getMetaData().getURL())
                        .isEqualTo(farm.controlPlane.getEnvironment().getProperty("spring.datasource.url"));
            }
        } finally {
            farm.close();
        }
    }

    /**
     * The control plane's connections to PostgreSQL go silent for good mid-run, and for 6 s no new one
     * gets through: the manager's statements fail after the socket timeout (2 s here) and it rides the
     * failure out as an outage instead of waiting for an answer for good; the workers, which reach
     * PostgreSQL directly, go on; the run passes with every step counted once.
     */
    @Test
    void aControlPlaneWhosePostgresConnectionsGoSilentFinishesItsRun() throws Exception {
        LocalServices services = LocalServices.get();
        try (OutageScenario scenario = OutageScenario.ofControlPlane(
                s -> s.postgres,
                port -> Map.of(
                        "spring.datasource.url",
                        // the farm's schema is known to the control plane's settings only
                        services.jdbcUrlVia(port, "${spring.flyway.default-schema}"),
                        "spring.datasource.hikari.data-source-properties.socketTimeout",
                        "2"))) {
            scenario.blackholeMidRunAndExpectExactCounts(
                    "the control plane's PostgreSQL (silent)", Duration.ofSeconds(6));
        }
    }

    /** The worker setting that has it reach PostgreSQL through the proxy on {@code port}. */
    private static Map<String, Object> postgresVia(Farm farm, int port) {
        return Map.of("spring.datasource.url", farm.services.jdbcUrlVia(port, farm.redisPrefix()));
    }
}
