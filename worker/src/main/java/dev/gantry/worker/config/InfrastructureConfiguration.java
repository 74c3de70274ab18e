package dev.gantry.worker.config;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executors;
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

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(RedisProperties properties) {
        Config config = new Config();
        config.useSingleServer().setAddress(properties.address()).setConnectionMinimumIdleSize(4);
        return Redisson.create(config);
    }

    /**
     * One client per worker so connections are pooled and kept alive across steps, partitions and
     * runs. HTTP/1.1 only: h2c upgrade attempts would cost a round trip per connection for nothing.
     * Redirects are not followed, so a test sees the 3xx its target really answered.
     */
    @Bean(destroyMethod = "close")
    HttpClient httpClient(WorkerProperties properties) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }
}
