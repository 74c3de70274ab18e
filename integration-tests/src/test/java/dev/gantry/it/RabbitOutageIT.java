package dev.gantry.it;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ taken away from one of two workers in the middle of a run: the partition requests it
 * had not acknowledged go back to the queue; whichever execution of a partition started last
 * carries it on from its last committed chunk, the earlier one can commit nothing more.
 */
class RabbitOutageIT {
    static OutageScenario scenario;

    @BeforeAll
    static void setUp() throws Exception {
        scenario = new OutageScenario(
                services -> services.rabbit,
                (farm, port) ->
                        Map.of("spring.rabbitmq.host", "127.0.0.1", "spring.rabbitmq.port", String.valueOf(port)),
                true);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void aWorkerCutOffFromRabbitMqLosesNothingAndCountsNothingTwice() throws Exception {
        scenario.cutMidRunAndExpectExactCounts("RabbitMQ");
    }
}
