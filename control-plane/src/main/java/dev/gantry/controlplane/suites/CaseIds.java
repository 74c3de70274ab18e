package dev.gantry.controlplane.suites;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands out readable case ids per project and kind from a counter row. The upsert locks the row
 * until the caller's transaction ends, so concurrent creations are numbered one after the other
 * (not by a max()+1 two of them could read alike), and a number is never handed out twice, even
 * once its case is deleted. Must be called inside the transaction that stores the cases.
 */
@Component
public class CaseIds {
    private final JdbcTemplate jdbc;

    CaseIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The next readable id of the project for this kind. */
    public String next(UUID projectId, CaseKind kind) {
        return reserve(projectId, kind, 1).getFirst();
    }

    /** {@code count} consecutive readable ids, taken with one statement (a generated batch). */
    public List<String> reserve(UUID projectId, CaseKind kind, int count) {
        if (count < 1) {
            return List.of();
        }
        Long last = jdbc.queryForObject(
                """
                insert into case_id_counters (project_id, kind, last_value) values (?, ?, ?)
                on conflict (project_id, kind) do update set last_value = case_id_counters.last_value + excluded.last_value
                returning last_value""",
                Long.class,
                projectId,
                kind.name(),
                count);
        List<String> ids = new ArrayList<>(count);
        for (long n = last - count + 1; n <= last; n++) {
            ids.add(kind.readableId(n));
        }
        return ids;
    }
}
