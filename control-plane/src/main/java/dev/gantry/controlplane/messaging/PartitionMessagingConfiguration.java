package dev.gantry.controlplane.messaging;

import dev.gantry.model.MessagingNames;
import dev.gantry.model.PartitionRequest;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends partition requests of remote partitioning to RabbitMQ as JSON {@link PartitionRequest}s
 * (never Java serialization). Replies are not used: the manager polls the JobRepository, so any
 * control plane instance can finish a run and a restart loses nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
public class PartitionMessagingConfiguration {

    @Bean
    DirectExchange partitionExchange(MessagingProperties properties) {
        return new DirectExchange(properties.names().partitionExchange(), true, false);
    }

    @Bean
    DirectExchange partitionDeadLetterExchange(MessagingProperties properties) {
        return new DirectExchange(properties.names().deadLetterExchange(), true, false);
    }

    @Bean
    Queue partitionQueue(MessagingProperties properties) {
        MessagingNames names = properties.names();
        return QueueBuilder.durable(names.partitionQueue())
                .maxPriority(MessagingNames.MAX_PRIORITY)
                .deadLetterExchange(names.deadLetterExchange())
                .deadLetterRoutingKey(names.partitionRoutingKey())
                .build();
    }

    @Bean
    Queue partitionDeadLetterQueue(MessagingProperties properties) {
        return QueueBuilder.durable(properties.names().deadLetterQueue()).build();
    }

    @Bean
    Binding partitionBinding(Queue partitionQueue, DirectExchange partitionExchange, MessagingProperties properties) {
        return BindingBuilder.bind(partitionQueue)
                .to(partitionExchange)
                .with(properties.names().partitionRoutingKey());
    }

    @Bean
    Binding partitionDeadLetterBinding(
            Queue partitionDeadLetterQueue,
            DirectExchange partitionDeadLetterExchange,
            MessagingProperties properties) {
        return BindingBuilder.bind(partitionDeadLetterQueue)
                .to(partitionDeadLetterExchange)
                .with(properties.names().partitionRoutingKey());
    }

    /** The channel the manager step's partition handler sends requests to. */
    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow partitionRequestsToRabbit(
            DirectChannel partitionRequests,
            RabbitTemplate rabbitTemplate,
            MessagingProperties properties,
            JsonMapper json) {
        MessagingNames names = properties.names();
        return IntegrationFlow.from(partitionRequests)
                .transform(
                        StepExecutionRequest.class,
                        request -> json.writeValueAsBytes(new PartitionRequest(
                                PartitionRequest.SCHEMA_VERSION, request.getStepName(), request.getStepExecutionId())))
                .enrichHeaders(h -> h.header("contentType", "application/json"))
                .handle(Amqp.outboundAdapter(rabbitTemplate)
                        .exchangeName(names.partitionExchange())
                        .routingKey(names.partitionRoutingKey()))
                .get();
    }
}
