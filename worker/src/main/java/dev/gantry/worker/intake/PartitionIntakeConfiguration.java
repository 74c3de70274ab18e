package dev.gantry.worker.intake;

import dev.gantry.model.MessagingNames;
import dev.gantry.worker.config.MessagingProperties;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.fleet.WorkerRegistry;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Receives partition requests from RabbitMQ. One request at a time per consumer (prefetch 1): a
 * partition is long work, and an unacknowledged request goes back to the queue if this worker dies.
 * {@link PartitionRequestIntake} gives poison requests up to the dead-letter queue, with their
 * reason; {@link PartitionRequestGate} decides about the others.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
class PartitionIntakeConfiguration {

    // Declared here as well as in the control plane (with identical arguments) so either may start first.
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

    /** The channel the worker step's request handler listens on. */
    @Bean
    DirectChannel partitionIntake() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow partitionRequestsFromRabbit(
            ConnectionFactory connectionFactory,
            MessagingProperties messaging,
            WorkerProperties worker,
            dev.gantry.worker.operations.ShutdownProperties shutdown,
            PartitionRequestIntake intake) {
        return IntegrationFlow.from(
                        Amqp.inboundAdapter(connectionFactory, messaging.names().partitionQueue())
                                .configureContainer(container -> container
                                        .prefetchCount(1)
                                        .concurrentConsumers(worker.partitions())
                                        .shutdownTimeout(shutdown.timeout().toMillis())
                                        .defaultRequeueRejected(false))
                                .id(WorkerRegistry.CONSUMER))
                .handle(byte[].class, (body, headers) -> {
                    intake.receive(body, headers);
                    return null;
                })
                .get();
    }
}
