package dev.gantry.controlplane.messaging;

import dev.gantry.infrastructure.MessagingProperties;
import dev.gantry.infrastructure.PartitionTopologyConfiguration;
import dev.gantry.model.MessagingNames;
import dev.gantry.model.PartitionRequest;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends partition requests of remote partitioning to RabbitMQ as JSON {@link PartitionRequest}s
 * (never Java serialization). Replies are not used: the manager polls the JobRepository, so any
 * control plane instance can finish a run and a restart loses nothing. The queues are declared by
 * the {@link PartitionTopologyConfiguration} the workers import too.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
@Import(PartitionTopologyConfiguration.class)
public class PartitionMessagingConfiguration {

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
