package dev.gantry.worker.execution;

import dev.gantry.model.RunSnapshot;
import dev.gantry.model.SecretBox;
import dev.gantry.worker.config.SecurityProperties;
import dev.gantry.worker.config.WorkerProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiled runs, loaded from PostgreSQL once per run per worker (not per step) and kept in a small
 * LRU cache, since the partitions of one run arrive close together; and each partition's slice of
 * the data rows, read from the snapshot with a jsonpath slice so the rest never leaves PostgreSQL.
 */
@Component
public class RunCatalog {
    private static final TypeReference<List<Map<String, String>>> ROWS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> VARIABLES = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Map<UUID, CompiledRun> cache;
    private final SecretBox box;

    RunCatalog(JdbcTemplate jdbc, JsonMapper json, WorkerProperties properties, SecurityProperties security) {
        this.jdbc = jdbc;
        this.json = json;
        String key = security.encryptionKey();
        this.box = key == null || key.isBlank() ? null : SecretBox.fromBase64Key(key);
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
        // the definition only (its dataRows emptied): each partition loads its own rows
        String snapshotJson = jdbc.queryForObject(
                "select jsonb_set(snapshot, '{dataRows}', '[]')::text from run_snapshots where run_id = ?",
                String.class,
                runId);
        CompiledRun compiled = CompiledRun.compile(json.readValue(snapshotJson, RunSnapshot.class), box);
        synchronized (cache) {
            cache.put(runId, compiled);
        }
        return compiled;
    }

    /**
     * The text with the secrets of a run this worker has compiled redacted, in every form
     * ({@link Redaction}); a run it has not compiled had no secret opened here.
     */
    public String redact(UUID runId, String text) {
        CompiledRun run;
        synchronized (cache) {
            run = cache.get(runId);
        }
        return run == null ? text : run.redaction().text(text);
    }

    /**
     * The setup's extracted variables as they travel to the other partitions (in their execution
     * contexts, stored in PostgreSQL): sealed when this worker has the encryption key, since a
     * setup typically extracts a token.
     */
    public String sealVariables(Map<String, String> variables) {
        String text = json.writeValueAsString(variables);
        return box == null ? "plain:" + text : "sealed:" + box.seal(text);
    }

    public Map<String, String> openVariables(String sealed) {
        if (sealed == null) {
            return Map.of();
        }
        if (sealed.startsWith("plain:")) {
            return json.readValue(sealed.substring("plain:".length()), VARIABLES);
        }
        if (box == null) {
            throw new IllegalStateException("the run's setup variables are sealed, but this worker has no"
                    + " encryption key (gantry.security.encryption-key / GANTRY_ENCRYPTION_KEY)");
        }
        return json.readValue(box.open(sealed.substring("sealed:".length())), VARIABLES);
    }

    /** The rows from {@code firstRow} to {@code lastRow} (inclusive) of a run's snapshot. */
    public PartitionRows rows(UUID runId, int firstRow, int lastRow) {
        String json = jdbc.queryForObject(
                """
                select jsonb_path_query_array(snapshot -> 'dataRows', '$[$from to $to]',
                    jsonb_build_object('from', ?, 'to', ?))::text
                from run_snapshots where run_id = ?
                """,
                String.class,
                firstRow,
                lastRow,
                runId);
        List<Map<String, String>> rows = json == null ? List.of() : this.json.readValue(json, ROWS);
        if (rows.size() != lastRow - firstRow + 1) {
            throw new IllegalStateException("run " + runId + " has no data rows " + firstRow + ".." + lastRow);
        }
        return new PartitionRows(firstRow, rows);
    }
}
