package dev.gantry.worker.execution;

import dev.gantry.model.RunSnapshot;
import dev.gantry.worker.config.WorkerProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiled run snapshots, loaded from PostgreSQL once per run per worker (not per step) and kept
 * in a small LRU cache, since the partitions of one run arrive close together.
 */
@Component
public class RunCatalog {
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Map<UUID, CompiledRun> cache;

    RunCatalog(JdbcTemplate jdbc, JsonMapper json, WorkerProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        int capacity = properties.runCacheSize();
        this.cache = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, CompiledRun> eldest) {
                return size() > capacity;
            }
        };
    }

    public CompiledRun get(UUID runId) {
        synchronized (cache) {
            CompiledRun cached = cache.get(runId);
            if (cached != null) {
                return cached;
            }
        }
        String snapshotJson =
                jdbc.queryForObject("select snapshot::text from run_snapshots where run_id = ?", String.class, runId);
        CompiledRun compiled = CompiledRun.compile(json.readValue(snapshotJson, RunSnapshot.class));
        synchronized (cache) {
            cache.put(runId, compiled);
        }
        return compiled;
    }
}
