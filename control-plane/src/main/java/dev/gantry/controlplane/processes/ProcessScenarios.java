package dev.gantry.controlplane.processes;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only writer of {@code process_scenarios} and {@code process_case_elements}: which diagram
 * version a process suite was generated from, and which element each of its cases exercises with
 * the sequence flows taken to reach it. The cases themselves are ordinary cases of the suite.
 */
@Component
public class ProcessScenarios {
    /** A process suite's origin. */
    public record Scenario(UUID suiteId, UUID diagramId, int version, Instant generatedAt, UUID generatedBy) {}

    /**
     * A case of a process suite and what it exercises.
     *
     * @param scenario the path it belongs to, by name
     * @param kind     {@code HAPPY} (the path as drawn) or {@code NEGATIVE} (a bound step refused)
     * @param flowIds  the sequence flows taken from the previous step of its path to its element
     */
    public record CaseElement(UUID caseId, String elementId, String scenario, String kind, List<String> flowIds) {}

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ProcessScenarios(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Records (or replaces) what a process suite exercises, in the caller's transaction. */
    public void record(
            UUID tenantId,
            UUID suiteId,
            UUID diagramId,
            int version,
            UUID userId,
            Map<String, Object> options,
            List<CaseElement> cases) {
        jdbc.update("delete from process_scenarios where suite_id = ?", suiteId);
        jdbc.update(
                """
                insert into process_scenarios (suite_id, tenant_id, diagram_id, version, generated_at, generated_by, options)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)""",
                suiteId,
                tenantId,
                diagramId,
                version,
                Timestamp.from(clock.instant()),
                userId,
                json.writeValueAsString(options));
        jdbc.batchUpdate(
                """
                insert into process_case_elements (case_id, suite_id, element_id, scenario, kind, flow_ids)
                values (?, ?, ?, ?, ?, ?::jsonb)""",
                cases.stream()
                        .map(c -> new Object[] {
                            c.caseId(),
                            suiteId,
                            c.elementId(),
                            c.scenario(),
                            c.kind(),
                            json.writeValueAsString(c.flowIds())
                        })
                        .toList());
    }

    /** The suite's origin, when it is a process suite of the tenant. */
    public Optional<Scenario> ofSuite(UUID tenantId, UUID suiteId) {
        return jdbc
                .query(
                        "select suite_id, diagram_id, version, generated_at, generated_by from process_scenarios"
                                + " where suite_id = ? and tenant_id = ?",
                        (rs, i) -> new Scenario(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getInt(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getObject(5, UUID.class)),
                        suiteId,
                        tenantId)
                .stream()
                .findFirst();
    }

    /** The process suites generated from a diagram. */
    public List<Scenario> ofDiagram(UUID tenantId, UUID diagramId) {
        return jdbc.query(
                "select suite_id, diagram_id, version, generated_at, generated_by from process_scenarios"
                        + " where diagram_id = ? and tenant_id = ? order by generated_at",
                (rs, i) -> new Scenario(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getObject(5, UUID.class)),
                diagramId,
                tenantId);
    }

    /** What each case of a process suite exercises (cases deleted since are gone with their rows). */
    public List<CaseElement> casesOf(UUID suiteId) {
        return jdbc.query(
                "select case_id, element_id, scenario, kind, flow_ids::text from process_case_elements"
                        + " where suite_id = ? order by scenario, case_id",
                (rs, i) -> new CaseElement(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        json.readValue(rs.getString(5), new TypeReference<List<String>>() {})),
                suiteId);
    }
}
