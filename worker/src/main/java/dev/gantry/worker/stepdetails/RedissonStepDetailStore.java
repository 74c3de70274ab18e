package dev.gantry.worker.stepdetails;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.MetricNames;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Writes a chunk's step details in one pipelined batch of a few multi-key commands (one HSET, one
 * ZADD per index, one EXPIRE per key), whatever the number of details. See {@link RedisKeys}.
 */
@Component
class RedissonStepDetailStore implements StepDetailStore {
    /** Field names as text, values as the JSON bytes (readers decode them as UTF-8 text). */
    static final Codec DETAILS_CODEC = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    /**
     * A chunk's batch may be large and Redis may pause (a big hash rehashing, a slow replica), so it
     * gets more time than Redisson's default, and retries: the writes are idempotent (same fields,
     * same scores), so a retried batch cannot duplicate anything.
     */
    static final BatchOptions OPTIONS = BatchOptions.defaults()
            .skipResult()
            .responseTimeout(10, TimeUnit.SECONDS)
            .retryAttempts(4);

    private final RedissonClient redisson;
    private final RedisKeys keys;
    /** Details one after another, nothing between them: each is cut out of the buffer as it is written. */
    private final ObjectWriter json;

    private final Timer writes;
    private final Counter writeErrors;

    RedissonStepDetailStore(
            RedissonClient redisson, RedisProperties properties, JsonMapper json, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = properties.keys();
        this.json = detailsMapper(json).writerFor(StepDetail.class).withRootValueSeparator((String) null);
        this.writes = Timer.builder(MetricNames.STEP_DETAIL_WRITE)
                .description("pipelined Redis writes of a chunk's step details")
                .register(meters);
        this.writeErrors = Counter.builder(MetricNames.STEP_DETAIL_WRITE_ERRORS)
                .description("pipelined Redis writes that failed after Redisson's retries")
                .register(meters);
    }

    /** The app's mapper writing details field by field ({@link StepDetailWriter}), nulls left out. */
    static JsonMapper detailsMapper(JsonMapper json) {
        // absent fields read back as null: leaving them out saves bytes and writing time per step
        return json.rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .addModule(new SimpleModule("step-details").addSerializer(StepDetail.class, new StepDetailWriter()))
                .build();
    }

    @Override
    public long saveAll(UUID runId, List<StepDetail> details, List<StepDetail> retriedAttempts, Duration ttl) {
        if (details.isEmpty() && retriedAttempts.isEmpty()) {
            return 0;
        }
        long bytes = 0;
        Map<String, byte[]> values = new HashMap<>(details.size() * 2);
        Map<String, Double> order = new HashMap<>(details.size() * 2);
        Map<StepStatus, Map<String, Double>> byStatus = new EnumMap<>(StepStatus.class);
        // one generator for the chunk: writeValueAsBytes set one up, with its buffers, per detail
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        try (SequenceWriter sequence = json.writeValues(buffer)) {
            for (StepDetail detail : details) {
                String key = detail.key();
                double score = detail.orderScore();
                byte[] value = bytesOf(sequence, detail, buffer);
                values.put(key, value);
                bytes += value.length;
                order.put(key, score);
                byStatus.computeIfAbsent(detail.status(), s -> new HashMap<>()).put(key, score);
            }
            for (StepDetail attempt : retriedAttempts) {
                byte[] value = bytesOf(sequence, attempt, buffer);
                values.put(attempt.key(), value);
                bytes += value.length;
                order.put(attempt.key(), attempt.orderScore());
            }
        }
        RBatch batch = redisson.createBatch(OPTIONS);
        batch.<String, byte[]>getMap(keys.details(runId), DETAILS_CODEC).putAllAsync(values);
        batch.getMap(keys.details(runId), DETAILS_CODEC).expireAsync(ttl);
        batch.<String>getScoredSortedSet(keys.order(runId), StringCodec.INSTANCE)
                .addAllAsync(order);
        batch.getScoredSortedSet(keys.order(runId), StringCodec.INSTANCE).expireAsync(ttl);
        byStatus.forEach((status, members) -> {
            batch.<String>getScoredSortedSet(keys.status(runId, status), StringCodec.INSTANCE)
                    .addAllAsync(members);
            batch.getScoredSortedSet(keys.status(runId, status), StringCodec.INSTANCE)
                    .expireAsync(ttl);
        });
        try {
            writes.record(batch::execute);
        } catch (RuntimeException e) {
            writeErrors.increment();
            throw e;
        }
        return bytes;
    }

    /** The detail's UTF-8 JSON: written, flushed into the empty buffer, taken out. */
    private static byte[] bytesOf(SequenceWriter sequence, StepDetail detail, ByteArrayOutputStream buffer) {
        sequence.write(detail).flush();
        byte[] value = buffer.toByteArray();
        buffer.reset();
        return value;
    }
}
