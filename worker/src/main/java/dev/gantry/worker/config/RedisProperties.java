package dev.gantry.worker.config;

import dev.gantry.model.RedisKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Redis is and how Gantry's keys are named (the same settings as the control plane's).
 *
 * @param address   Redis URI, e.g. {@code redis://127.0.0.1:6379}
 * @param keyPrefix prefix of every key; tests use their own
 */
@ConfigurationProperties("gantry.redis")
public record RedisProperties(
        @DefaultValue("redis://127.0.0.1:6379") String address,
        @DefaultValue(RedisKeys.DEFAULT_PREFIX) String keyPrefix) {
    public RedisKeys keys() {
        return new RedisKeys(keyPrefix);
    }
}
