package dev.gantry.controlplane.admin;

import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.WorkerInfo;
import java.util.Comparator;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live workers (as their heartbeats in Redis say) and draining one: a drained worker takes no
 * new partitions, finishes those it holds, and can be stopped or resumed safely.
 */
@RestController
class WorkerAdminController {
    /** A worker and whether an operator asked it to drain (it says it has once {@code draining}). */
    record WorkerResponse(WorkerInfo worker, boolean drainRequested) {}

    private final RedissonClient redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    WorkerAdminController(RedissonClient redis, RedisProperties properties, JsonMapper json) {
        this.redis = redis;
        this.keys = properties.keys();
        this.json = json;
    }

    @GetMapping("/api/v1/admin/workers")
    List<WorkerResponse> workers() {
        var drains =
                redis.<String>getSet(keys.workerDrains(), StringCodec.INSTANCE).readAll();
        return redis.<String, String>getMapCache(keys.workers(), StringCodec.INSTANCE).readAllValues().stream()
                .map(value -> json.readValue(value, WorkerInfo.class))
                .sorted(Comparator.comparing(WorkerInfo::startedAt))
                .map(w -> new WorkerResponse(w, drains.contains(w.id())))
                .toList();
    }

    @PostMapping("/api/v1/admin/workers/{id}/drain")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WorkerResponse drain(@PathVariable String id) {
        return request(id, true);
    }

    @DeleteMapping("/api/v1/admin/workers/{id}/drain")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WorkerResponse resume(@PathVariable String id) {
        return request(id, false);
    }

    private WorkerResponse request(String id, boolean drain) {
        String value = redis.<String, String>getMapCache(keys.workers(), StringCodec.INSTANCE)
                .get(id);
        if (value == null) {
            throw new NotFoundException("worker", id);
        }
        var drains = redis.<String>getSet(keys.workerDrains(), StringCodec.INSTANCE);
        if (drain) {
            drains.add(id);
        } else {
            drains.remove(id);
        }
        // the worker also reads the set at its next heartbeat, should it miss this
        redis.getTopic(keys.workerCommands(), StringCodec.INSTANCE).publish(id);
        return new WorkerResponse(json.readValue(value, WorkerInfo.class), drain);
    }
}
