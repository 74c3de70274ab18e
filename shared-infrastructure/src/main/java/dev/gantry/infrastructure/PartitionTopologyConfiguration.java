package dev.gantry.infrastructure;

import dev.gantry.model.MessagingNames;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ topology of remote partitioning: partition requests go through a direct exchange to
 * a durable priority queue; a request a worker gives up goes through the dead-letter exchange to the
 * dead-letter queue, where the control plane records it.
 *
 * <p>Both apps import this one declaration, so either may start first and both declare the same
 * arguments: RabbitMQ refuses to declare an existing queue again with other arguments, and a
 * queue's arguments cannot change once it exists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
public class PartitionTopologyConfiguration {

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
}
