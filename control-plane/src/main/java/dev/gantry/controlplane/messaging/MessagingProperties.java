package dev.gantry.controlplane.messaging;

import dev.gantry.model.MessagingNames;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * RabbitMQ topology settings.
 *
 * @param prefix prefix of every exchange and queue name; tests use their own to stay apart
 */
@ConfigurationProperties("gantry.messaging")
public record MessagingProperties(@DefaultValue(MessagingNames.DEFAULT_PREFIX) String prefix) {
    public MessagingNames names() {
        return new MessagingNames(prefix);
    }
}
