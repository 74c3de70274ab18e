package dev.gantry.controlplane.runs;

import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records how long a run waited in QUEUED, once, by the control plane whose job started it. */
final class RunQueueWait {
    private RunQueueWait() {}

    static void record(MeterRegistry meters, JdbcTemplate jdbc, UUID runId) {
        List<Long> micros = jdbc.queryForList(
                "select (extract(epoch from started_at - created_at) * 1000000)::bigint from runs"
                        + " where id = ? and started_at is not null",
                Long.class,
                runId);
        if (!micros.isEmpty() && micros.getFirst() != null) {
            meters.timer(MetricNames.RUN_QUEUE_WAIT).record(Duration.ofNanos(Math.max(0, micros.getFirst()) * 1000));
        }
    }
}
