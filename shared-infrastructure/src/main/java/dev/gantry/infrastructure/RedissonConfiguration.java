package dev.gantry.infrastructure;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redisson client both apps use, on the {@link RedisProperties} address. The importing app
 * declares a {@link RedisConnectionPool} bean for the size of its idle pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisProperties.class)
public class RedissonConfiguration {

    /** Milliseconds a Redis command may take before Redisson fails it. */
    static final int COMMAND_TIMEOUT_MILLIS = 10_000;

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(RedisProperties properties, RedisConnectionPool pool) {
        return Redisson.create(config(properties, pool));
    }

    /**
     * Redisson's periodic PING on pooled connections is off: under a full worker it raced with the
     * chunk pipelines, and a connection left waiting on its PING failed whole chunks ("command still
     * hasn't been written into connection"). TCP keep-alive detects dead connections instead.
     *
     * <p>Redisson references (a Redisson object stored inside another, and live objects) are off:
     * neither app stores one, and with them on every key and value written is first checked for
     * them by reflection, a few percent of a busy worker's CPU under JFR (its chunk writes).
     */
    static Config config(RedisProperties properties, RedisConnectionPool pool) {
        Config config = new Config();
        config.useSingleServer()
                .setAddress(properties.address())
                .setConnectionMinimumIdleSize(pool.minimumIdle())
                .setPingConnectionInterval(0)
                .setTimeout(COMMAND_TIMEOUT_MILLIS);
        config.setTcpKeepAlive(true).setReferenceEnabled(false);
        return config;
    }
}
