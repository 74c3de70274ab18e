package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.RunSnapshot;

final class RunSnapshotJson {
    private RunSnapshotJson() {}

    static RunSnapshot read(String json) {
        return JsonColumns.MAPPER.readValue(json, RunSnapshot.class);
    }
}
