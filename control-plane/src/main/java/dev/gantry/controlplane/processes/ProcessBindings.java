package dev.gantry.controlplane.processes;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only writer of {@code process_bindings}: which endpoint each task of a diagram is bound to,
 * how ({@link How}), by whom and when. A binding is the diagram's and the element id's, whatever the
 * version: it holds in every version that still has an element of that id.
 */
@Component
public class ProcessBindings {
    /** How a binding was made. */
    public enum How {
        /** chosen by Gantry as the best suggestion above a threshold, not yet looked at by a person */
        SUGGESTED,
        /** a suggestion a person accepted */
        CONFIRMED,
        /** an endpoint a person chose */
        MANUAL
    }

    /** A stored binding. */
    public record Binding(
            String elementId,
            UUID endpointId,
            String method,
            String path,
            How how,
            Double confidence,
            UUID boundBy,
            Instant boundAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ProcessBindings(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The diagram's bindings by element id (the diagram's tenant checked by the caller). */
    public Map<String, Binding> of(UUID diagramId) {
        Map<String, Binding> out = new LinkedHashMap<>();
        jdbc.query(
                """
                select element_id, endpoint_id, method, path, how, confidence, bound_by, bound_at
                from process_bindings where diagram_id = ? order by element_id""",
                rs -> {
                    BigDecimal confidence = rs.getBigDecimal(6);
                    out.put(
                            rs.getString(1),
                            new Binding(
                                    rs.getString(1),
                                    rs.getObject(2, UUID.class),
                                    rs.getString(3),
                                    rs.getString(4),
                                    How.valueOf(rs.getString(5)),
                                    confidence == null ? null : confidence.doubleValue(),
                                    rs.getObject(7, UUID.class),
                                    rs.getTimestamp(8).toInstant()));
                },
                diagramId);
        return out;
    }

    /** Binds (or binds anew) an element, in the caller's transaction; answers what was stored. */
    Binding bind(
            UUID tenantId,
            UUID diagramId,
            String elementId,
            UUID endpointId,
            String method,
            String path,
            How how,
            Double confidence,
            UUID userId) {
        Instant now = clock.instant();
        jdbc.update(
                """
                insert into process_bindings (diagram_id, element_id, tenant_id, endpoint_id, method, path, how,
                                              confidence, bound_by, bound_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (diagram_id, element_id) do update set endpoint_id = excluded.endpoint_id,
                    method = excluded.method, path = excluded.path, how = excluded.how,
                    confidence = excluded.confidence, bound_by = excluded.bound_by, bound_at = excluded.bound_at""",
                diagramId,
                elementId,
                tenantId,
                endpointId,
                method,
                path,
                how.name(),
                confidence == null ? null : BigDecimal.valueOf(confidence),
                userId,
                Timestamp.from(now));
        return new Binding(elementId, endpointId, method, path, how, confidence, userId, now);
    }

    /** Removes an element's binding; false when it had none. */
    boolean unbind(UUID diagramId, String elementId) {
        return jdbc.update("delete from process_bindings where diagram_id = ? and element_id = ?", diagramId, elementId)
                == 1;
    }
}
