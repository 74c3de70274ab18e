package dev.gantry.worker.stepdetails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.MetricNames;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import tools.jackson.databind.json.JsonMapper;

/** The Redis store against the real local Redis ({@code GANTRY_REDIS_HOST}/{@code PORT}). */
class RedissonStepDetailStoreIT extends StepDetailStoreContract {
    static final String PREFIX = "it-" + UUID.randomUUID();
    static RedissonClient redisson;
    static RedissonStepDetailStore store;
    static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void connect() {
        String address = "redis://" + System.getenv().getOrDefault("GANTRY_REDIS_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6379");
        Config config = new Config();
        config.useSingleServer().setAddress(address);
        try {
            redisson = Redisson.create(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Redis is not answering at " + address + "; start it with `./gantry services`", e);
        }
        store = new RedissonStepDetailStore(
                redisson,
                new RedisProperties(address, PREFIX),
                JsonMapper.builder().build(),
                meters);
    }

    @AfterAll
    static void disconnect() {
        redisson.getKeys().deleteByPattern(PREFIX + ":*");
        redisson.shutdown();
    }

    private static RedisKeys keys() {
        return new RedisKeys(PREFIX);
    }

    @Test
    void everyBatchIsTimed() {
        long before = meters.timer(MetricNames.STEP_DETAIL_WRITE).count();
        UUID run = UUID.randomUUID();
        store.saveAll(run, List.of(detail(run, 0, 0, StepStatus.PASSED, 5)), Duration.ofMinutes(1));
        assertThat(meters.timer(MetricNames.STEP_DETAIL_WRITE).count()).isEqualTo(before + 1);
    }

    @Test
    void everyValueIsItsOwnDetailAloneAsJson() {
        UUID run = UUID.randomUUID();
        List<StepDetail> details = List.of(
                detail(run, 0, 0, StepStatus.PASSED, 5),
                detail(run, 0, 1, StepStatus.FAILED, 7),
                detail(run, 1, 0, StepStatus.PASSED, 9));
        StepDetail retried = detail(run, 2, 0, StepStatus.ERRORED, 11);
        store.saveAll(run, details, List.of(retried), Duration.ofMinutes(1));
        // one generator writes the chunk: no value may carry a neighbour's bytes or a separator
        JsonMapper plain = JsonMapper.builder().build();
        Map<String, String> stored = redisson.<String, String>getMap(keys().details(run), StringCodec.INSTANCE)
                .readAllMap();
        assertThat(stored).hasSize(4);
        for (StepDetail detail :
                Stream.concat(details.stream(), Stream.of(retried)).toList()) {
            String value = stored.get(detail.key());
            assertThat(value).startsWith("{").endsWith("}");
            assertThat(plain.readValue(value, StepDetail.class)).isEqualTo(detail);
        }
    }

    @Override
    StepDetailStore store() {
        return store;
    }

    @Override
    List<String> orderedKeys(UUID runId) {
        return List.copyOf(redisson.<String>getScoredSortedSet(keys().order(runId), StringCodec.INSTANCE)
                .readAll());
    }

    @Override
    List<String> keysWithStatus(UUID runId, StepStatus status) {
        return List.copyOf(redisson.<String>getScoredSortedSet(keys().status(runId, status), StringCodec.INSTANCE)
                .readAll());
    }

    @Override
    Duration ttl(UUID runId) {
        return Duration.ofMillis(redisson.getMap(keys().details(runId)).remainTimeToLive());
    }
}
