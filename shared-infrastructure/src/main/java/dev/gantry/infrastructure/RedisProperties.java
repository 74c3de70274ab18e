package dev.gantry.infrastructure;

import dev.gantry.model.RedisKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Redis is and how Gantry's keys are named, the same for the control plane and the workers.
 *
 * @param address   Redis URI, e.g. {@code redis://127.0.0.1:6379}
 * @param keyPrefix prefix of every key; tests use their own
 */
@ConfigurationProperties("gantry.redis")
public record RedisProperties(
        @DefaultValue(DEFAULT_ADDRESS) String address, @DefaultValue(RedisKeys.DEFAULT_PREFIX) String keyPrefix) {

    /** A Redis on this machine, on its standard port. */
    public static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";

    /** The key layout under this prefix. */
    public RedisKeys keys() {
        return new RedisKeys(keyPrefix);
    }
}
