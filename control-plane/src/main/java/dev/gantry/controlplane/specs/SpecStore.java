package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.controlplane.common.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Rows of imported specifications, always read through the spec row's tenant. Writes are plain
 * batched statements: a 2,000-operation document is about 10,000 rows, written in one transaction
 * by the caller ({@link SpecService}).
 */
@Repository
public class SpecStore {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    SpecStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored version's summary. */
    public record SpecRow(
            UUID id,
            UUID tenantId,
            UUID projectId,
            String label,
            String title,
            String apiVersion,
            String sourceVersion,
            String sourceFormat,
            boolean active,
            String parseStatus,
            List<SpecProblem> errors,
            int endpoints,
            int parameters,
            int responses,
            int securitySchemes,
            Instant createdAt) {}

    /** A stored endpoint with what a generator, the conformance check and coverage need. */
    public record EndpointRow(
            UUID id,
            String method,
            String path,
            String operationId,
            String summary,
            List<String> tags,
            boolean deprecated,
            List<ParameterRow> parameters,
            List<ResponseRow> responses,
            List<Map<String, List<String>>> security) {}

    /** Schemas and examples are plain JSON values (maps, lists, scalars), as the API answers them. */
    public record ParameterRow(
            String name, String location, boolean required, String contentType, Object schema, Object example) {}

    public record ResponseRow(String status, String description, String contentType, Object schema, Object examples) {}

    static String json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored JSON value as plain Java values. */
    static Object plain(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Object.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JSON value as a tree, for walking a schema. */
    public static JsonNode node(Object plain) {
        return plain == null ? null : JSON.valueToTree(plain);
    }

    boolean labelTaken(UUID projectId, String label) {
        Integer n = jdbc.queryForObject(
                "select count(*) from api_specs where project_id = ? and label = ?", Integer.class, projectId, label);
        return n != null && n > 0;
    }

    UUID insert(UUID tenantId, UUID projectId, String label, ParsedSpec spec, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                """
                insert into api_specs (id, tenant_id, project_id, label, title, api_version, source_version, source_format,
                  document_sha256, document_bytes, active, parse_status, parse_errors, components, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?::jsonb, ?::jsonb, ?)""",
                id,
                tenantId,
                projectId,
                label,
                truncate(spec.title(), 500),
                truncate(spec.apiVersion(), 200),
                spec.sourceVersion(),
                spec.format().name(),
                spec.sha256(),
                spec.bytes(),
                spec.problems().isEmpty() ? "PARSED" : "PARSED_WITH_ERRORS",
                json(spec.problems()),
                spec.componentsJson(),
                Timestamp.from(now));
        List<Object[]> endpoints = new ArrayList<>();
        List<Object[]> parameters = new ArrayList<>();
        List<Object[]> responses = new ArrayList<>();
        List<Object[]> security = new ArrayList<>();
        int position = 0;
        for (ParsedSpec.Endpoint e : spec.endpoints()) {
            UUID endpointId = UUID.randomUUID();
            endpoints.add(new Object[] {
                endpointId,
                id,
                position++,
                e.method(),
                e.path(),
                truncate(e.operationId(), 500),
                e.summary(),
                json(e.tags()),
                e.deprecated()
            });
            int p = 0;
            for (ParsedSpec.Parameter param : e.parameters()) {
                parameters.add(new Object[] {
                    UUID.randomUUID(),
                    endpointId,
                    p++,
                    truncate(param.name(), 500),
                    param.location(),
                    param.required(),
                    truncate(param.contentType(), 200),
                    param.schemaJson(),
                    param.exampleJson()
                });
            }
            for (ParsedSpec.Response r : e.responses()) {
                responses.add(new Object[] {
                    UUID.randomUUID(),
                    endpointId,
                    truncate(r.status(), 10),
                    r.description(),
                    truncate(r.contentType(), 200),
                    r.schemaJson(),
                    r.examplesJson()
                });
            }
            int alternative = 0;
            for (Map<String, List<String>> requirement : e.security()) {
                if (requirement.isEmpty()) { // "{}": anonymous access is one of the alternatives
                    security.add(new Object[] {endpointId, alternative, "", "[]"});
                }
                for (Map.Entry<String, List<String>> scheme : requirement.entrySet()) {
                    security.add(new Object[] {
                        endpointId, alternative, truncate(scheme.getKey(), 500), json(scheme.getValue())
                    });
                }
                alternative++;
            }
        }
        jdbc.batchUpdate(
                """
                insert into spec_endpoints (id, spec_id, position, method, path, operation_id, summary, tags, deprecated)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""",
                endpoints);
        jdbc.batchUpdate(
                """
                insert into spec_parameters (id, endpoint_id, position, name, location, required, content_type, schema_json, example)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""",
                parameters);
        jdbc.batchUpdate(
                """
                insert into spec_responses (id, endpoint_id, status, description, content_type, schema_json, examples)
                values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""",
                responses);
        jdbc.batchUpdate(
                "insert into spec_endpoint_security (endpoint_id, alternative, scheme_name, scopes) values (?, ?, ?, ?::jsonb)",
                security);
        List<Object[]> schemes = new ArrayList<>();
        for (ParsedSpec.SecurityScheme s : spec.securitySchemes()) {
            schemes.add(new Object[] {
                UUID.randomUUID(),
                id,
                truncate(s.name(), 500),
                truncate(s.type(), 30),
                truncate(s.scheme(), 100),
                truncate(s.location(), 10),
                truncate(s.paramName(), 500),
                s.definitionJson()
            });
        }
        jdbc.batchUpdate(
                """
                insert into spec_security_schemes (id, spec_id, name, type, scheme, location, param_name, definition)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""",
                schemes);
        return id;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    void activate(UUID projectId, UUID specId) {
        jdbc.update(
                "update api_specs set active = false where project_id = ? and active and id <> ?", projectId, specId);
        jdbc.update("update api_specs set active = true where id = ?", specId);
    }

    void delete(UUID specId) {
        jdbc.update("delete from api_specs where id = ?", specId);
    }

    private static final String SUMMARY =
            """
            select s.id, s.tenant_id, s.project_id, s.label, s.title, s.api_version, s.source_version, s.source_format, s.active,
                   s.parse_status, s.parse_errors::text, s.created_at,
                   (select count(*) from spec_endpoints e where e.spec_id = s.id) as endpoints,
                   (select count(*) from spec_parameters p join spec_endpoints e on e.id = p.endpoint_id where e.spec_id = s.id) as parameters,
                   (select count(*) from spec_responses r join spec_endpoints e on e.id = r.endpoint_id where e.spec_id = s.id) as responses,
                   (select count(*) from spec_security_schemes c where c.spec_id = s.id) as schemes
            from api_specs s
            """;

    private static SpecRow summary(ResultSet rs, int row) throws SQLException {
        List<SpecProblem> errors = new ArrayList<>();
        for (JsonNode e : tree(rs.getString(11))) {
            errors.add(new SpecProblem(
                    e.path("location").isNull() ? null : e.path("location").asText(null),
                    e.path("message").asText()));
        }
        return new SpecRow(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getBoolean(9),
                rs.getString(10),
                errors,
                rs.getInt(13),
                rs.getInt(14),
                rs.getInt(15),
                rs.getInt(16),
                rs.getTimestamp(12).toInstant());
    }

    public SpecRow require(UUID specId, UUID tenantId) {
        return jdbc
                .query(SUMMARY + " where s.id = ? and s.tenant_id = ?", SpecStore::summary, specId, tenantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("specification", specId));
    }

    List<SpecRow> list(UUID projectId, UUID tenantId) {
        return jdbc.query(
                SUMMARY + " where s.project_id = ? and s.tenant_id = ? order by s.created_at desc, s.label",
                SpecStore::summary,
                projectId,
                tenantId);
    }

    /** The project's active version, if any. */
    public java.util.Optional<SpecRow> active(UUID projectId, UUID tenantId) {
        return jdbc
                .query(
                        SUMMARY + " where s.project_id = ? and s.tenant_id = ? and s.active",
                        SpecStore::summary,
                        projectId,
                        tenantId)
                .stream()
                .findFirst();
    }

    /** The document's {@code components} (schemas the endpoints' {@code $ref}s point at). */
    public JsonNode components(UUID specId) {
        return tree(jdbc.queryForObject("select components::text from api_specs where id = ?", String.class, specId));
    }

    /** Every endpoint of a spec with its parameters, responses and security, in document order. */
    public List<EndpointRow> endpoints(UUID specId) {
        Map<UUID, List<ParameterRow>> params = new LinkedHashMap<>();
        jdbc.query(
                """
                select p.endpoint_id, p.name, p.location, p.required, p.content_type, p.schema_json::text, p.example::text
                from spec_parameters p join spec_endpoints e on e.id = p.endpoint_id where e.spec_id = ? order by p.endpoint_id, p.position""",
                rs -> {
                    params.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new ParameterRow(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getBoolean(4),
                                    rs.getString(5),
                                    plain(rs.getString(6)),
                                    plain(rs.getString(7))));
                },
                specId);
        Map<UUID, List<ResponseRow>> responses = new LinkedHashMap<>();
        jdbc.query(
                """
                select r.endpoint_id, r.status, r.description, r.content_type, r.schema_json::text, r.examples::text
                from spec_responses r join spec_endpoints e on e.id = r.endpoint_id where e.spec_id = ? order by r.endpoint_id, r.status""",
                rs -> {
                    responses
                            .computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new ResponseRow(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    plain(rs.getString(5)),
                                    plain(rs.getString(6))));
                },
                specId);
        Map<UUID, Map<Integer, Map<String, List<String>>>> security = new LinkedHashMap<>();
        jdbc.query(
                """
                select s.endpoint_id, s.alternative, s.scheme_name, s.scopes::text
                from spec_endpoint_security s join spec_endpoints e on e.id = s.endpoint_id where e.spec_id = ?
                order by s.endpoint_id, s.alternative, s.scheme_name""",
                rs -> {
                    List<String> scopes = new ArrayList<>();
                    tree(rs.getString(4)).forEach(n -> scopes.add(n.asText()));
                    Map<String, List<String>> alternative = security.computeIfAbsent(
                                    rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getInt(2), k -> new LinkedHashMap<>());
                    if (!rs.getString(3).isEmpty()) {
                        alternative.put(rs.getString(3), scopes);
                    }
                },
                specId);
        return jdbc.query(
                "select id, method, path, operation_id, summary, tags::text, deprecated from spec_endpoints where spec_id = ? order by position",
                (rs, row) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    List<String> tags = new ArrayList<>();
                    tree(rs.getString(6)).forEach(n -> tags.add(n.asText()));
                    return new EndpointRow(
                            id,
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            tags,
                            rs.getBoolean(7),
                            params.getOrDefault(id, List.of()),
                            responses.getOrDefault(id, List.of()),
                            List.copyOf(security.getOrDefault(id, Map.of()).values()));
                },
                specId);
    }
}
