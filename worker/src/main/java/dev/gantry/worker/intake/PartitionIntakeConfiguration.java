package dev.gantry.worker.intake;

import dev.gantry.infrastructure.MessagingProperties;
import dev.gantry.infrastructure.PartitionTopologyConfiguration;
import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.fleet.WorkerRegistry;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Receives partition requests from RabbitMQ. One request at a time per consumer (prefetch 1): a
 * partition is long work, and an unacknowledged request goes back to the queue if this worker dies.
 * {@link PartitionRequestIntake} gives poison requests up to the dead-letter queue, with their
 * reason; {@link PartitionRequestGate} decides about the others. The queues are declared by the
 * {@link PartitionTopologyConfiguration} the control plane imports too, so either may start first.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
@Import(PartitionTopologyConfiguration.class)
class PartitionIntakeConfiguration {

    /** The channel the worker step's request handler listens on. */
    @Bean
    DirectChannel partitionIntake() {
        return new DirectChannel();
    }

    /**
     * Where the worker step's request handler answers with the execution it ran (the manager polls
     * the JobRepository instead of reading answers): read by the {@link PartitionRequestGate}, on
     * the thread that delivered the request, to see a step that could not begin.
     */
    @Bean
    DirectChannel partitionOutcomes() {
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
