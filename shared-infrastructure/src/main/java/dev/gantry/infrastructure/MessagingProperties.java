package dev.gantry.infrastructure;

import dev.gantry.model.MessagingNames;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * RabbitMQ settings of a farm, the same for the control plane and the workers.
 *
 * @param prefix prefix of every exchange and queue name; tests use their own to stay apart
 */
@ConfigurationProperties("gantry.messaging")
public record MessagingProperties(@DefaultValue(MessagingNames.DEFAULT_PREFIX) String prefix) {
    /** The exchange and queue names under this prefix. */
    public MessagingNames names() {
        return new MessagingNames(prefix);
    }
}
