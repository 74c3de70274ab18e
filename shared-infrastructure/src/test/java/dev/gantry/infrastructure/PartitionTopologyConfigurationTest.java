package dev.gantry.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The queues already exist on running brokers: a changed name or argument would make RabbitMQ
 * refuse the declaration (or strand the requests in the old queue), so they are pinned here.
 */
class PartitionTopologyConfigurationTest {
    final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(PartitionTopologyConfiguration.class);

    @Test
    void thePartitionQueueIsADurablePriorityQueueDeadLetteringToTheDeadLetterExchange() {
        context.run(beans -> {
            Queue queue = beans.getBean("partitionQueue", Queue.class);
            assertThat(queue.getName()).isEqualTo("gantry.partition-requests");
            assertThat(queue.isDurable()).isTrue();
            assertThat(queue.isExclusive()).isFalse();
            assertThat(queue.isAutoDelete()).isFalse();
            assertThat(queue.getArguments())
                    .isEqualTo(Map.of(
                            "x-max-priority", 9,
                            "x-dead-letter-exchange", "gantry.partitions.dlx",
                            "x-dead-letter-routing-key", "partition"));
        });
    }

    @Test
    void deadLettersGoThroughTheirExchangeToADurableQueueWithoutArguments() {
        context.run(beans -> {
            DirectExchange exchange = beans.getBean("partitionDeadLetterExchange", DirectExchange.class);
            assertThat(exchange.getName()).isEqualTo("gantry.partitions.dlx");
            assertThat(exchange.isDurable()).isTrue();
            assertThat(exchange.isAutoDelete()).isFalse();
            Queue queue = beans.getBean("partitionDeadLetterQueue", Queue.class);
            assertThat(queue.getName()).isEqualTo("gantry.partitions.dead");
            assertThat(queue.isDurable()).isTrue();
            assertThat(queue.getArguments()).isEmpty();
            Binding binding = beans.getBean("partitionDeadLetterBinding", Binding.class);
            assertThat(binding.getExchange()).isEqualTo("gantry.partitions.dlx");
            assertThat(binding.getDestination()).isEqualTo("gantry.partitions.dead");
            assertThat(binding.getRoutingKey()).isEqualTo("partition");
        });
    }

    @Test
    void requestsAreRoutedFromTheDurablePartitionExchangeToTheQueue() {
        context.run(beans -> {
            DirectExchange exchange = beans.getBean("partitionExchange", DirectExchange.class);
            assertThat(exchange.getName()).isEqualTo("gantry.partitions");
            assertThat(exchange.isDurable()).isTrue();
            assertThat(exchange.isAutoDelete()).isFalse();
            Binding binding = beans.getBean("partitionBinding", Binding.class);
            assertThat(binding.getExchange()).isEqualTo("gantry.partitions");
            assertThat(binding.getDestination()).isEqualTo("gantry.partition-requests");
            assertThat(binding.getRoutingKey()).isEqualTo("partition");
        });
    }

    @Test
    void thePrefixSetsEveryName() {
        context.withPropertyValues("gantry.messaging.prefix=it-42").run(beans -> {
            assertThat(beans.getBean(MessagingProperties.class).prefix()).isEqualTo("it-42");
            assertThat(beans.getBean("partitionQueue", Queue.class).getName()).isEqualTo("it-42.partition-requests");
            assertThat(beans.getBean("partitionQueue", Queue.class).getArguments())
                    .containsEntry("x-dead-letter-exchange", "it-42.partitions.dlx");
            assertThat(beans.getBean("partitionDeadLetterQueue", Queue.class).getName())
                    .isEqualTo("it-42.partitions.dead");
            assertThat(beans.getBean("partitionExchange", DirectExchange.class).getName())
                    .isEqualTo("it-42.partitions");
        });
    }
}
