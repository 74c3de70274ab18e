package dev.gantry.controlplane.suites;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The links from cases to stories and defects of an external tracker ({@code case_links}), and the
 * one way other features (stories, releases) find the cases linked to a key. Writes happen in the
 * caller's transaction, with the case they belong to; this class is the table's only writer.
 */
@Component
public class CaseLinks {
    /** A case linked to a key: its ids and its suite, and how it is linked. */
    public record LinkedCase(UUID caseId, String readableId, UUID suiteId, CaseLink.Kind kind) {}

    private final JdbcTemplate jdbc;

    CaseLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The project's cases linked to {@code key} (as a story or a defect), by readable id. */
    public List<LinkedCase> casesLinkedTo(UUID tenantId, UUID projectId, String key) {
        return jdbc.query(
                """
                select c.id, c.readable_id, c.suite_id, l.kind from case_links l join test_cases c on c.id = l.case_id
                where l.project_id = ? and l.key = ? and l.tenant_id = ?
                order by rtrim(c.readable_id, '0123456789'), length(c.readable_id), c.readable_id, l.kind""",
                (rs, n) -> new LinkedCase(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        CaseLink.Kind.valueOf(rs.getString(4))),
                projectId,
                key,
                tenantId);
    }

    /** Each case's links, stories before defects, each kind by key; a case without any is absent. */
    public Map<UUID, List<CaseLink>> of(Collection<UUID> caseIds) {
        Map<UUID, List<CaseLink>> links = new HashMap<>();
        if (caseIds.isEmpty()) {
            return links;
        }
        jdbc.query(
                "select case_id, kind, key from case_links where case_id = any (?) order by case_id, kind desc, key",
                rs -> {
                    links.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new CaseLink(CaseLink.Kind.valueOf(rs.getString(2)), rs.getString(3)));
                },
                (Object) caseIds.toArray(UUID[]::new));
        return links;
    }

    /** One case's links. */
    public List<CaseLink> of(UUID caseId) {
        return of(List.of(caseId)).getOrDefault(caseId, List.of());
    }

    /** Replaces the links of each case named with the ones given (none: the case has no links left). */
    void replace(UUID tenantId, UUID projectId, Map<UUID, List<CaseLink>> linksByCase) {
        if (linksByCase.isEmpty()) {
            return;
        }
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        linksByCase.forEach((caseId, links) -> {
            deletes.add(new Object[] {caseId});
            for (CaseLink link : links) {
                inserts.add(
                        new Object[] {tenantId, projectId, caseId, link.kind().name(), link.key()});
            }
        });
        jdbc.batchUpdate("delete from case_links where case_id = ?", deletes);
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(
                    "insert into case_links (tenant_id, project_id, case_id, kind, key) values (?, ?, ?, ?, ?)",
                    inserts);
        }
    }
}
