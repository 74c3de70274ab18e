package dev.gantry.controlplane.processes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only writer of {@code process_diagrams}, {@code process_versions}, {@code process_elements}
 * and {@code process_flows}. A version is written whole in the caller's transaction.
 */
@Component
class ProcessStore {
    record Diagram(UUID id, UUID projectId, String name, int latestVersion, Instant createdAt, Instant updatedAt) {}

    record Version(
            int version,
            String fileName,
            String processName,
            String sha256,
            int elements,
            int flows,
            Instant uploadedAt,
            UUID uploadedBy) {}

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ProcessStore(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    UUID create(UUID tenantId, UUID projectId, String name, UUID userId) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(
                """
                insert into process_diagrams (id, tenant_id, project_id, name, latest_version, created_at, created_by,
                                              updated_at)
                values (?, ?, ?, ?, 1, ?, ?, ?)
                """,
                id,
                tenantId,
                projectId,
                name,
                now,
                userId,
                now);
        return id;
    }

    /** Takes the diagram's next version number, locking its row until the transaction ends. */
    int nextVersion(UUID diagramId) {
        return jdbc.queryForObject(
                """
                update process_diagrams set latest_version = latest_version + 1, updated_at = ? where id = ?
                returning latest_version
                """,
                Integer.class,
                Timestamp.from(clock.instant()),
                diagramId);
    }

    void addVersion(UUID diagramId, int version, String fileName, byte[] bpmn, ProcessModel model, UUID userId) {
        jdbc.update(
                """
                insert into process_versions (diagram_id, version, file_name, process_name, bpmn, sha256, elements, flows,
                                              uploaded_at, uploaded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                diagramId,
                version,
                fileName,
                model.name(),
                new String(bpmn, StandardCharsets.UTF_8),
                sha256(bpmn),
                model.elements().size(),
                model.flows().size(),
                Timestamp.from(clock.instant()),
                userId);
        List<Object[]> elements = new ArrayList<>();
        int position = 0;
        for (ProcessModel.Element e : model.elements()) {
            elements.add(new Object[] {
                diagramId,
                version,
                e.elementId(),
                e.type(),
                e.category().name(),
                e.name(),
                e.documentation(),
                e.processId(),
                e.pool(),
                e.lane(),
                e.parentId(),
                e.attachedTo(),
                json.writeValueAsString(e.eventDefinitions()),
                json.writeValueAsString(e.properties()),
                e.bounds() == null ? null : json.writeValueAsString(e.bounds()),
                position++
            });
        }
        jdbc.batchUpdate(
                """
                insert into process_elements (diagram_id, version, element_id, type, category, name, documentation,
                    process_id, pool, lane, parent_id, attached_to, event_definitions, properties, bounds, position)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)
                """,
                elements);
        List<Object[]> flows = new ArrayList<>();
        position = 0;
        for (ProcessModel.Flow f : model.flows()) {
            flows.add(new Object[] {
                diagramId,
                version,
                f.flowId(),
                f.kind(),
                f.sourceId(),
                f.targetId(),
                f.name(),
                f.condition(),
                f.isDefault(),
                json.writeValueAsString(f.waypoints()),
                position++
            });
        }
        jdbc.batchUpdate(
                """
                insert into process_flows (diagram_id, version, flow_id, kind, source_id, target_id, name, condition,
                                           is_default, waypoints, position)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                """,
                flows);
    }

    List<Diagram> list(UUID tenantId, UUID projectId) {
        return jdbc.query(
                "select id, project_id, name, latest_version, created_at, updated_at from process_diagrams"
                        + " where tenant_id = ? and project_id = ? order by name",
                (rs, i) -> diagram(rs),
                tenantId,
                projectId);
    }

    Optional<Diagram> find(UUID tenantId, UUID id) {
        return jdbc
                .query(
                        "select id, project_id, name, latest_version, created_at, updated_at from process_diagrams"
                                + " where tenant_id = ? and id = ?",
                        (rs, i) -> diagram(rs),
                        tenantId,
                        id)
                .stream()
                .findFirst();
    }

    boolean nameTaken(UUID projectId, String name) {
        return !jdbc.queryForList("select 1 from process_diagrams where project_id = ? and name = ?", projectId, name)
                .isEmpty();
    }

    List<Version> versions(UUID diagramId) {
        return jdbc.query(
                "select version, file_name, process_name, sha256, elements, flows, uploaded_at, uploaded_by"
                        + " from process_versions where diagram_id = ? order by version",
                (rs, i) -> new Version(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getObject(8, UUID.class)),
                diagramId);
    }

    Optional<String> bpmn(UUID diagramId, int version) {
        return jdbc
                .queryForList(
                        "select bpmn from process_versions where diagram_id = ? and version = ?",
                        String.class,
                        diagramId,
                        version)
                .stream()
                .findFirst();
    }

    List<ProcessModel.Element> elements(UUID diagramId, int version) {
        return jdbc.query(
                """
                select element_id, type, category, name, documentation, process_id, pool, lane, parent_id, attached_to,
                       event_definitions::text, properties::text, bounds::text
                from process_elements where diagram_id = ? and version = ? order by position
                """,
                (rs, i) -> new ProcessModel.Element(
                        rs.getString(1),
                        rs.getString(2),
                        ProcessModel.Category.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        json.readValue(rs.getString(11), new TypeReference<List<String>>() {}),
                        json.readValue(rs.getString(12), new TypeReference<Map<String, Object>>() {}),
                        rs.getString(13) == null ? null : json.readValue(rs.getString(13), ProcessModel.Bounds.class)),
                diagramId,
                version);
    }

    List<ProcessModel.Flow> flows(UUID diagramId, int version) {
        return jdbc.query(
                """
                select flow_id, kind, source_id, target_id, name, condition, is_default, waypoints::text
                from process_flows where diagram_id = ? and version = ? order by position
                """,
                (rs, i) -> new ProcessModel.Flow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        json.readValue(rs.getString(8), new TypeReference<List<ProcessModel.Point>>() {})),
                diagramId,
                version);
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.update("delete from process_diagrams where tenant_id = ? and id = ?", tenantId, id) == 1;
    }

    private static Diagram diagram(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Diagram(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getInt(4),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
