package dev.gantry.controlplane.common;

import dev.gantry.infrastructure.RedisConnectionPool;
import dev.gantry.infrastructure.RedissonConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Redisson client the workers use too, with the control plane's small idle pool. */
@Configuration(proxyBeanMethods = false)
@Import(RedissonConfiguration.class)
class RedisConfiguration {
    /** Permits, leases and pages of step details: the control plane's Redis traffic is light. */
    static final int MINIMUM_IDLE_CONNECTIONS = 2;

    @Bean
    RedisConnectionPool redisConnectionPool() {
        return new RedisConnectionPool(MINIMUM_IDLE_CONNECTIONS);
    }
}
