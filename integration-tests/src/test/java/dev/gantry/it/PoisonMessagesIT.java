package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.model.MessagingNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import tools.jackson.databind.JsonNode;

/**
 * Partition requests no worker can take go to the dead-letter queue with their reason, never back
 * to the queue for good: operators see them in the admin API, and a run whose partition was given
 * up ends in ERROR naming the partition and why, keeping what its other partitions did.
 */
class PoisonMessagesIT {
    static final int ROWS = 200;
    static final String UNKNOWN_STEP = "executePartitionOfAnotherVersion";

    static Farm farm;
    static HttpServer target;
    static Api admin;
    /** Armed: the next partition request of the control plane names a step no worker has. */
    static final AtomicBoolean poisonNext = new AtomicBoolean();

    @BeforeAll
    static void setUp() {
        farm = Farm.withControlPlane(
                2,
                Map.of(
                        "gantry.runs.min-work-items-per-partition", "40",
                        "gantry.runs.max-work-items-per-partition", "40"));
        farm.controlPlane.getBean("partitionRequests", DirectChannel.class).addInterceptor(new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                if (message.getPayload() instanceof StepExecutionRequest request
                        && poisonNext.compareAndSet(true, false)) {
                    return org.springframework.messaging.support.MessageBuilder.withPayload(
                                    new StepExecutionRequest(UNKNOWN_STEP, request.getStepExecutionId()))
                            .copyHeaders(message.getHeaders())
                            .build();
                }
                return message;
            }
        });
        target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{\"ok\":true}"));
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterAll
    static void tearDown() {
        Farm.closeAll(farm, target);
    }

    @Test
    void aRunWhosePartitionIsGivenUpEndsInErrorNamingItAndKeepsWhatTheOthersDid() throws Exception {
        Scenarios.Workspace workspace = Scenarios.workspace(admin, Scenarios.baseUrlOf(target));
        admin.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("ok").get("/ok/{{n}}").expectStatus(200).build());
        List<Map<String, Object>> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> Map.<String, Object>of("n", i))
                .toList();
        admin.post("/api/v1/suites/" + workspace.suite() + "/data-sets", Map.of("name", "rows", "rows", rows));

        poisonNext.set(true);
        UUID run = admin.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        JsonNode ended = admin.waitForEnd(run, Duration.ofMinutes(1));

        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("ERROR");
        assertThat(ended.get("error").asString())
                .contains("partition 0 was given up")
                .contains("intake failed")
                .contains(UNKNOWN_STEP);
        // the other four partitions of 40 were done, and are kept case by case
        assertThat(ended.get("totals").get("done").asLong()).isEqualTo(ROWS - 40);
        assertThat(ended.get("cases").get(0).get("passed").asLong()).isEqualTo(ROWS - 40);

        JsonNode letter = awaitDeadLetter(l -> run.toString().equals(text(l, "runId")));
        assertThat(letter.get("partitionIndex").asInt()).isZero();
        assertThat(letter.get("attempts").asInt())
                .as("tried by the workers as often as allowed")
                .isEqualTo(3);
        assertThat(letter.get("reason").asString()).contains(UNKNOWN_STEP);
        assertThat(letter.get("worker").asString()).isNotBlank();
        assertThat(letter.get("body").asString()).contains(UNKNOWN_STEP);
    }

    @Test
    void unreadableRequestsAndUnknownVersionsAreGivenUpAtOnceAndShownToOperators() {
        RabbitTemplate rabbit = farm.controlPlane.getBean(RabbitTemplate.class);
        MessagingNames names = new MessagingNames(farm.id);
        String marker = UUID.randomUUID().toString();
        rabbit.send(
                names.partitionExchange(),
                names.partitionRoutingKey(),
                MessageBuilder.withBody(("not a request " + marker).getBytes(StandardCharsets.UTF_8))
                        .build());
        long unknownStepExecution = 900_000_000L + (long) (Math.random() * 1_000_000);
        rabbit.send(
                names.partitionExchange(),
                names.partitionRoutingKey(),
                MessageBuilder.withBody(("{\"schemaVersion\":99,\"stepName\":\"executePartition\",\"stepExecutionId\":"
                                        + unknownStepExecution + "}")
                                .getBytes(StandardCharsets.UTF_8))
                        .build());

        JsonNode unreadable = awaitDeadLetter(l -> text(l, "body").contains(marker));
        assertThat(unreadable.get("reason").asString()).startsWith("undecodable partition request");
        assertThat(unreadable.get("attempts").asInt()).isEqualTo(1);
        assertThat(unreadable.get("stepExecutionId").isNull()).isTrue();

        JsonNode newer = awaitDeadLetter(l -> l.get("stepExecutionId").asLong() == unknownStepExecution);
        assertThat(newer.get("reason").asString())
                .isEqualTo("unknown partition request schema version 99 (this worker reads 1)");
        assertThat(newer.get("runId").isNull())
                .as("no run has that step execution")
                .isTrue();

        String path = "/api/v1/admin/dead-letters/" + newer.get("id").asString();
        assertThat(admin.get(path).text("reason")).contains("version 99");
        assertThat(admin.delete(path).status()).isEqualTo(204);
        assertThat(admin.get(path).status()).isEqualTo(404);
        assertThat(admin.delete(path).status()).isEqualTo(404);

        Api.Answer tooMany = admin.get("/api/v1/admin/dead-letters?limit=0");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.raw()).contains("limit");
    }

    private static JsonNode awaitDeadLetter(java.util.function.Predicate<JsonNode> which) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> StreamSupport.stream(
                                        admin.get("/api/v1/admin/dead-letters")
                                                .body()
                                                .spliterator(),
                                        false)
                                .filter(which)
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
