package dev.gantry.it;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis taken away from the worker in the middle of a run (every connection dropped, new ones
 * refused, for less time than a chunk's write retries last): the chunk's details are written when
 * Redis is back. Only the worker's path to Redis is cut; the control plane keeps its own.
 */
class RedisOutageIT {
    static OutageScenario scenario;

    @BeforeAll
    static void setUp() throws Exception {
        scenario = new OutageScenario(
                services -> services.redis,
                (farm, port) -> Map.of("gantry.redis.address", "redis://127.0.0.1:" + port),
                false);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void aShortRedisOutageLosesNothingAndCountsNothingTwice() throws Exception {
        scenario.cutMidRunAndExpectExactCounts("Redis");
    }
}
