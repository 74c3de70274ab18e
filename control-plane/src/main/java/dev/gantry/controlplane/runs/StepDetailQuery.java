package dev.gantry.controlplane.runs;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads a run's step details from Redis, in execution order, optionally only one status. */
@Component
class StepDetailQuery {
    record Page(long total, List<StepDetail> items) {}

    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final JsonMapper json;

    StepDetailQuery(RedissonClient redisson, RedisProperties properties, JsonMapper json) {
        this.redisson = redisson;
        this.keys = properties.keys();
        this.json = json;
    }

    boolean exists(UUID runId) {
        return redisson.getKeys().countExists(keys.details(runId)) > 0;
    }

    Page page(UUID runId, StepStatus status, int page, int size) {
        String index = status == null ? keys.order(runId) : keys.status(runId, status);
        RScoredSortedSet<String> order = redisson.getScoredSortedSet(index, StringCodec.INSTANCE);
        int from = page * size;
        Collection<String> ids = order.valueRange(from, from + size - 1);
        RMap<String, String> details = redisson.getMap(keys.details(runId), StringCodec.INSTANCE);
        Map<String, String> found = details.getAll(new LinkedHashSet<>(ids));
        List<StepDetail> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            String value = found.get(id);
            if (value != null) {
                items.add(json.readValue(value, StepDetail.class));
            }
        }
        return new Page(order.size(), items);
    }
}
