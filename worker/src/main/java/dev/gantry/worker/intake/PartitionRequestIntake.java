package dev.gantry.worker.intake;

import dev.gantry.infrastructure.MessagingProperties;
import dev.gantry.model.MessagingNames;
import dev.gantry.model.PartitionRequest;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.fleet.WorkerRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.AmqpMessageHeaderAccessor;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a partition request off the queue and hands it to the {@link PartitionRequestGate}, or
 * gives it up as a poison message: to the dead-letter queue, with why in its headers, so that the
 * control plane records it, fails its partition (the run ends naming it) and operators see it.
 *
 * <ul>
 *   <li>A request that cannot be read, or of a schema version this worker does not know, is
 *       given up at once: no other worker of this version will read it either.
 *   <li>A request whose intake fails for another reason (its step execution or step cannot be
 *       found, ...) is sent to the back of the queue with its attempts counted, and given up
 *       after {@code gantry.worker.intake-attempts}, whichever workers tried.
 *   <li>PostgreSQL out of reach is no reason to give a request up: the gate puts it back, as
 *       often as it takes.
 * </ul>
 */
@Component
class PartitionRequestIntake {
    private static final Logger log = LoggerFactory.getLogger(PartitionRequestIntake.class);
    private static final int MAX_REASON = 1000;

    private final PartitionRequestGate gate;
    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final MessagingNames names;
    private final WorkerRegistry registry;
    private final int maxAttempts;

    PartitionRequestIntake(
            PartitionRequestGate gate,
            RabbitTemplate rabbit,
            JsonMapper json,
            MessagingProperties messaging,
            WorkerRegistry registry,
            WorkerProperties properties) {
        this.gate = gate;
        this.rabbit = rabbit;
        this.json = json;
        this.names = messaging.names();
        this.registry = registry;
        this.maxAttempts = Math.max(1, properties.intakeAttempts());
    }

    /**
     * One request, as the inbound adapter hands it over: its body and its mapped headers.
     *
     * @throws ImmediateRequeueAmqpException to put the request back in the queue
     */
    void receive(byte[] body, Map<String, Object> headers) {
        Message message = new Message(body, propertiesOf(headers));
        Object declared = headers.get(MessagingNames.INTAKE_ATTEMPTS);
        int attempts = 1 + (declared instanceof Number n ? n.intValue() : 0);
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (RuntimeException e) {
            giveUp(message, null, attempts, "undecodable partition request: " + e.getMessage());
            return;
        }
        Long stepExecutionId = tree.path("stepExecutionId").canConvertToLong()
                ? tree.path("stepExecutionId").asLong()
                : null;
        int version = tree.path("schemaVersion").asInt(-1);
        if (version != PartitionRequest.SCHEMA_VERSION) {
            giveUp(
                    message,
                    stepExecutionId,
                    attempts,
                    "unknown partition request schema version " + version + " (this worker reads "
                            + PartitionRequest.SCHEMA_VERSION + ")");
            return;
        }
        PartitionRequest request;
        try {
            request = json.treeToValue(tree, PartitionRequest.class);
        } catch (RuntimeException e) {
            giveUp(message, stepExecutionId, attempts, "invalid partition request: " + e.getMessage());
            return;
        }
        try {
            gate.deliver(new StepExecutionRequest(request.stepName(), request.stepExecutionId()));
        } catch (ImmediateRequeueAmqpException e) {
            throw e; // PostgreSQL away, or the partition still runs here: back to the queue, uncounted
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String reason = "intake failed: " + root.getMessage();
            if (attempts >= maxAttempts) {
                giveUp(message, stepExecutionId, attempts, reason);
            } else {
                log.warn(
                        "partition request for step execution {} failed at intake ({} of {} attempts): {}",
                        stepExecutionId,
                        attempts,
                        maxAttempts,
                        e.toString());
                resend(message, attempts);
            }
        }
    }

    /** To the back of the queue with its attempts counted; the original is acknowledged after. */
    private void resend(Message message, int attempts) {
        MessageProperties properties = message.getMessageProperties();
        properties.setHeader(MessagingNames.INTAKE_ATTEMPTS, attempts);
        rabbit.send(names.partitionExchange(), names.partitionRoutingKey(), new Message(message.getBody(), properties));
    }

    private void giveUp(Message message, Long stepExecutionId, int attempts, String reason) {
        String line = reason.lines().findFirst().orElse(reason);
        if (line.length() > MAX_REASON) {
            line = line.substring(0, MAX_REASON);
        }
        log.error(
                "partition request {} given up after {} attempts: {} ({})",
                stepExecutionId == null ? "(unreadable)" : "for step execution " + stepExecutionId,
                attempts,
                line,
                preview(message.getBody()));
        MessageProperties properties = message.getMessageProperties();
        Map<String, Object> headers = properties.getHeaders();
        headers.put(MessagingNames.DEAD_LETTER_REASON, line);
        headers.put(MessagingNames.INTAKE_ATTEMPTS, attempts);
        headers.put(MessagingNames.DEAD_LETTER_WORKER, registry.id());
        if (stepExecutionId != null) {
            headers.put(MessagingNames.DEAD_LETTER_STEP_EXECUTION, stepExecutionId);
        }
        rabbit.send(
                names.deadLetterExchange(), names.partitionRoutingKey(), new Message(message.getBody(), properties));
    }

    /** What a request sent on keeps of the one received: its priority, persistence and dead-letter history. */
    private static MessageProperties propertiesOf(Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        if (headers.get(AmqpMessageHeaderAccessor.PRIORITY) instanceof Number priority) {
            properties.setPriority(priority.intValue());
        } else if (headers.get(IntegrationMessageHeaderAccessor.PRIORITY) instanceof Number priority) {
            properties.setPriority(priority.intValue());
        }
        headers.forEach((name, value) -> {
            if (name.startsWith("x-")) {
                properties.setHeader(name, value);
            }
        });
        return properties;
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return body.length > 200 ? text + "..." : text;
    }
}
