package dev.gantry.controlplane.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Looks people up by user id for the records that name them. Reads only the caller's tenant, so a
 * record can never reveal a person of another tenant.
 */
@Component
public class People {
    private final NamedParameterJdbcTemplate jdbc;

    People(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The person of a user id, or a {@link Person} with the id alone if there is none in the tenant. */
    public Person person(UUID tenantId, UUID userId) {
        if (userId == null) {
            return null;
        }
        return people(tenantId, List.of(userId)).get(userId);
    }

    /** The people of the ids, in the order given; ids unknown in the tenant answer with the id alone. */
    public Map<UUID, Person> people(UUID tenantId, Collection<UUID> userIds) {
        Map<UUID, Person> found = new LinkedHashMap<>();
        List<UUID> wanted =
                userIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (wanted.isEmpty()) {
            return found;
        }
        Map<UUID, Person> known = new LinkedHashMap<>();
        jdbc.query(
                "select id, display_name, email from users where tenant_id = :tenant and id in (:ids)",
                new MapSqlParameterSource("tenant", tenantId).addValue("ids", wanted),
                rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    known.put(id, new Person(id, rs.getString(2), rs.getString(3)));
                });
        wanted.forEach(id -> found.put(id, known.getOrDefault(id, Person.unknown(id))));
        return found;
    }
}
