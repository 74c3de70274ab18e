package dev.gantry.controlplane.common;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {
    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(RedisProperties properties) {
        Config config = new Config();
        // like the workers: no periodic PING racing with reads, TCP keep-alive instead
        config.useSingleServer()
                .setAddress(properties.address())
                .setConnectionMinimumIdleSize(2)
                .setPingConnectionInterval(0)
                .setKeepAlive(true)
                .setTimeout(10_000);
        return Redisson.create(config);
    }
}
