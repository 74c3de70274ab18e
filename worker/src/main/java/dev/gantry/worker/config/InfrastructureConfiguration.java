package dev.gantry.worker.config;

import dev.gantry.infrastructure.RedisConnectionPool;
import dev.gantry.infrastructure.RedissonConfiguration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The clock, and the Redisson client the control plane uses too, with the worker's larger idle pool. */
@Configuration(proxyBeanMethods = false)
@Import(RedissonConfiguration.class)
class InfrastructureConfiguration {
    /** Chunks of several partitions write their step details in pipelines at once. */
    static final int MINIMUM_IDLE_CONNECTIONS = 8;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RedisConnectionPool redisConnectionPool() {
        return new RedisConnectionPool(MINIMUM_IDLE_CONNECTIONS);
    }
}
