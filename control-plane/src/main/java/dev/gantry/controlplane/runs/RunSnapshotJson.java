package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.RunSnapshot;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Loads a run's snapshot for the job's steps (plain JDBC: they run outside JPA sessions). */
final class RunSnapshotJson {
    private RunSnapshotJson() {}

    static RunSnapshot load(JdbcTemplate jdbc, UUID runId) {
        return jdbc.queryForObject(
                "select snapshot::text from run_snapshots where run_id = ?",
                (rs, i) -> JsonColumns.MAPPER.readValue(rs.getString(1), RunSnapshot.class),
                runId);
    }
}
