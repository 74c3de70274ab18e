package dev.gantry.controlplane.common;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The control plane's time: every deadline, lease, schedule and timestamp of its own reads this clock
 * (never {@code Instant.now()}), so that a test can install a clock it sets (a singleton registered
 * before the context refreshes) and move schedules, deadlines and leases on without waiting.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
