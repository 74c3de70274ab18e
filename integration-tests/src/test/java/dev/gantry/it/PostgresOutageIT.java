package dev.gantry.it;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL taken away from one of two workers in the middle of a run. The chunk under way cannot
 * commit, and often the partition's end cannot be recorded either; its request goes back to the
 * queue and the partition resumes from its last committed chunk once PostgreSQL is back.
 */
class PostgresOutageIT {
    static OutageScenario scenario;

    @BeforeAll
    static void setUp() throws Exception {
        scenario = new OutageScenario(
                services -> services.postgres,
                (farm, port) -> Map.of(
                        "spring.datasource.url",
                        farm.services
                                .jdbcUrl(farm.redisPrefix())
                                .replace(":" + farm.services.postgres.port() + "/", ":" + port + "/")),
                true);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void aWorkerCutOffFromPostgresResumesItsPartitionAndCountsEveryStepOnce() throws Exception {
        scenario.cutMidRunAndExpectExactCounts("PostgreSQL");
    }
}
