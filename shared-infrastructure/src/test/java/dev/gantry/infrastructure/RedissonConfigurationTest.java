package dev.gantry.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RedissonConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RedisProperties.class)
    static class RedisSettings {}

    final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(RedisSettings.class);

    @Test
    void redisIsOnThisMachineUnderTheGantryPrefixByDefault() {
        context.run(beans -> {
            RedisProperties redis = beans.getBean(RedisProperties.class);
            assertThat(redis.address()).isEqualTo("redis://127.0.0.1:6379");
            assertThat(redis.keyPrefix()).isEqualTo("gantry");
        });
    }

    @Test
    void bothSettingsAreBoundFromGantryRedis() {
        context.withPropertyValues("gantry.redis.address=redis://redis.internal:6380", "gantry.redis.key-prefix=it-7")
                .run(beans -> {
                    RedisProperties redis = beans.getBean(RedisProperties.class);
                    assertThat(redis.address()).isEqualTo("redis://redis.internal:6380");
                    assertThat(redis.keys().prefix()).isEqualTo("it-7");
                });
    }

    @Test
    void theClientKeepsTheAppsIdlePoolAndDetectsDeadConnectionsByKeepAliveNotPing() {
        Config config = RedissonConfiguration.config(
                new RedisProperties("redis://127.0.0.1:6390", "p"), new RedisConnectionPool(8));
        SingleServerConfig server = config.useSingleServer();
        assertThat(server.getAddress()).isEqualTo("redis://127.0.0.1:6390");
        assertThat(server.getConnectionMinimumIdleSize()).isEqualTo(8);
        assertThat(server.getPingConnectionInterval()).isZero();
        assertThat(config.isTcpKeepAlive()).isTrue();
        assertThat(server.getTimeout()).isEqualTo(10_000);
    }

    @Test
    void nothingWrittenIsLookedAtAsARedissonReference() {
        assertThat(RedissonConfiguration.config(
                                new RedisProperties("redis://127.0.0.1:6390", "p"), new RedisConnectionPool(1))
                        .isReferenceEnabled())
                .isFalse();
    }

    @Test
    void aNegativePoolSizeIsRefused() {
        assertThatThrownBy(() -> new RedisConnectionPool(-1)).hasMessageContaining("minimumIdle");
    }
}
