package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.RunSnapshot;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads a run's definition for the job's steps (plain JDBC: they run outside JPA sessions), without
 * its data rows: the steps need counts and row ranges, and a large run's rows stay in PostgreSQL.
 */
final class RunSnapshotJson {
    private RunSnapshotJson() {}

    static RunSnapshot load(JdbcTemplate jdbc, UUID runId) {
        return jdbc.queryForObject(
                "select jsonb_set(snapshot, '{dataRows}', '[]')::text from run_snapshots where run_id = ?",
                (rs, i) -> JsonColumns.MAPPER.readValue(rs.getString(1), RunSnapshot.class),
                runId);
    }
}
