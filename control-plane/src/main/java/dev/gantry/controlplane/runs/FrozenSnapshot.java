package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.RunSnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** A run's snapshot, apart from the run row so that reading a run's status never loads it. */
@Entity
@Immutable
@Table(name = "run_snapshots")
class FrozenSnapshot {
    @Id
    @Column(name = "run_id")
    private UUID runId;

    @Convert(converter = JsonColumns.Snapshot.class)
    @ColumnTransformer(write = "?::jsonb")
    private RunSnapshot snapshot;

    protected FrozenSnapshot() {}

    FrozenSnapshot(RunSnapshot snapshot) {
        this.runId = snapshot.runId();
        this.snapshot = snapshot;
    }
}
