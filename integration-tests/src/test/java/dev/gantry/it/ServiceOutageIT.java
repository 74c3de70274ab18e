package dev.gantry.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    /** The worker setting that has it reach PostgreSQL through the proxy on {@code port}. */
    private static Map<String, Object> postgresVia(Farm farm, int port) {
        return Map.of(
                "spring.datasource.url",
                farm.services
                        .jdbcUrl(farm.redisPrefix())
                        .replace(":" + farm.services.postgres.port() + "/", ":" + port + "/"));
    }
}
