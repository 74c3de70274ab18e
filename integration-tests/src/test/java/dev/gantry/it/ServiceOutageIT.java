package dev.gantry.it;

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
        try (OutageScenario scenario = new OutageScenario(
                services -> services.postgres,
                (farm, port) -> Map.of(
                        "spring.datasource.url",
                        farm.services
                                .jdbcUrl(farm.redisPrefix())
                                .replace(":" + farm.services.postgres.port() + "/", ":" + port + "/")),
                true)) {
            scenario.cutMidRunAndExpectExactCounts("PostgreSQL");
        }
    }
}
