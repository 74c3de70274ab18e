package dev.gantry.controlplane.deadletters;

import dev.gantry.infrastructure.MessagingProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Takes dead letters off the partition dead-letter queue, one at a time on any control plane. A
 * dead letter that cannot be recorded (PostgreSQL away) goes back to the queue for the next try.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterIntakeConfiguration {

    @Bean
    IntegrationFlow partitionDeadLetters(
            ConnectionFactory connectionFactory, MessagingProperties messaging, DeadLetters deadLetters) {
        return IntegrationFlow.from(
                        Amqp.inboundAdapter(connectionFactory, messaging.names().deadLetterQueue())
                                .configureContainer(container -> container
                                        .prefetchCount(1)
                                        .defaultRequeueRejected(true)
                                        .recoveryInterval(2_000L)))
                .handle(byte[].class, (body, headers) -> {
                    deadLetters.record(body, headers);
                    return null;
                })
                .get();
    }
}
