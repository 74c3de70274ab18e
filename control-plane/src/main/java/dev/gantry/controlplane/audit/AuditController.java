package dev.gantry.controlplane.audit;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the audit log, newest first, a page at a time ({@code before}: the smallest id of the
 * previous page). A tenant's administrators read their tenant's entries; operators read every
 * tenant's, or one tenant's or user's.
 */
@RestController
class AuditController {
    static final int MAX_LIMIT = 500;

    record AuditEntry(
            long id,
            Instant at,
            UUID tenantId,
            UUID userId,
            Person user,
            String role,
            String action,
            Map<String, String> target,
            int status,
            String location) {
        AuditEntry naming(Person person) {
            return new AuditEntry(id, at, tenantId, userId, person, role, action, target, status, location);
        }
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final People people;

    AuditController(JdbcTemplate jdbc, JsonMapper json, People people) {
        this.jdbc = jdbc;
        this.json = json;
        this.people = people;
    }

    @GetMapping("/api/v1/audit")
    List<AuditEntry> tenant(
            Caller caller,
            @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit) {
        return query(caller.tenantId(), userId, before, limit);
    }

    @GetMapping("/api/v1/admin/audit")
    List<AuditEntry> farm(
            @RequestParam(required = false) UUID tenantId,
            @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit) {
        return query(tenantId, userId, before, limit);
    }

    private List<AuditEntry> query(UUID tenantId, UUID userId, Long before, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        StringBuilder sql = new StringBuilder(
                "select id, at, tenant_id, user_id, role, action, target::text, status, location from audit_log where true");
        List<Object> parameters = new ArrayList<>();
        if (tenantId != null) {
            sql.append(" and tenant_id = ?");
            parameters.add(tenantId);
        }
        if (userId != null) {
            sql.append(" and user_id = ?");
            parameters.add(userId);
        }
        if (before != null) {
            sql.append(" and id < ?");
            parameters.add(before);
        }
        sql.append(" order by id desc limit ?");
        parameters.add(limit);
        List<AuditEntry> entries = jdbc.query(
                sql.toString(),
                (rs, i) -> new AuditEntry(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class),
                        null,
                        rs.getString(5),
                        rs.getString(6),
                        json.readValue(rs.getString(7), new TypeReference<Map<String, String>>() {}),
                        rs.getInt(8),
                        rs.getString(9)),
                parameters.toArray());
        return named(entries);
    }

    /** Each entry with its person, looked up within the entry's own tenant (operators read many). */
    private List<AuditEntry> named(List<AuditEntry> entries) {
        Map<UUID, Map<UUID, Person>> byTenant = new HashMap<>();
        entries.stream()
                .collect(Collectors.groupingBy(
                        AuditEntry::tenantId, Collectors.mapping(AuditEntry::userId, Collectors.toSet())))
                .forEach((tenant, users) -> byTenant.put(tenant, people.people(tenant, users)));
        return entries.stream()
                .map(e -> e.naming(byTenant.get(e.tenantId()).get(e.userId())))
                .toList();
    }
}
