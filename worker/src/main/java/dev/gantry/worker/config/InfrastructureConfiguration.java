package dev.gantry.worker.config;

import java.time.Clock;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Redisson's periodic PING on pooled connections is off: under a full worker it raced with the
     * chunk pipelines, and a connection left waiting on its PING failed whole chunks ("command still
     * hasn't been written into connection"). TCP keep-alive detects dead connections instead.
     */
    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(RedisProperties properties) {
        Config config = new Config();
        config.useSingleServer()
                .setAddress(properties.address())
                .setConnectionMinimumIdleSize(8)
                .setPingConnectionInterval(0)
                .setKeepAlive(true)
                .setTimeout(10_000);
        return Redisson.create(config);
    }
}
