package dev.gantry.worker.operations;

import io.micrometer.observation.ObservationPredicate;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Batch observes every item read and processed: two observations (each a timer lookup by
 * tags and a long-task timer) per chain, which JFR put at 7 % of a worker's CPU. Chains have
 * their own latency histograms in the run, so the per-item observations are dropped; the step's
 * and the chunk write's (one per partition, one per chunk) stay for the dashboards.
 */
@Configuration(proxyBeanMethods = false)
class ItemObservations {
    static final Set<String> PER_ITEM = Set.of("spring.batch.item.read", "spring.batch.item.process");

    @Bean
    ObservationPredicate noPerItemObservations() {
        return (name, context) -> !PER_ITEM.contains(name);
    }
}
