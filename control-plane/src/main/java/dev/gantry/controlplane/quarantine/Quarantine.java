package dev.gantry.controlplane.quarantine;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The quarantine: a suite's quarantined cases, and as a run's verdict sees it, which of them do
 * not decide the run. The only writer of {@code suite_quarantine} and {@code run_quarantined_cases}.
 */
@Service
public class Quarantine {
    private final JdbcTemplate jdbc;

    Quarantine(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Quarantines the case (again, with the new reason, if it already is). */
    void add(UUID suiteId, UUID caseId, String reason, UUID userId, Instant now) {
        jdbc.update(
                """
                insert into suite_quarantine (suite_id, case_id, reason, created_by, created_at) values (?, ?, ?, ?, ?)
                on conflict (suite_id, case_id) do update set reason = excluded.reason
                """,
                suiteId,
                caseId,
                reason,
                userId,
                Timestamp.from(now));
    }

    /** Takes the case out of quarantine; false when it was not in. */
    boolean remove(UUID suiteId, UUID caseId) {
        return jdbc.update("delete from suite_quarantine where suite_id = ? and case_id = ?", suiteId, caseId) == 1;
    }

    /**
     * Records, for the run, the cases quarantined now (when it is judged) and answers them; the
     * run's reports list exactly these apart, whatever the list says later.
     */
    public Set<UUID> judge(UUID runId, UUID suiteId) {
        jdbc.update("delete from run_quarantined_cases where run_id = ?", runId);
        jdbc.update(
                "insert into run_quarantined_cases (run_id, case_id) select ?, case_id from suite_quarantine"
                        + " where suite_id = ?",
                runId,
                suiteId);
        List<UUID> ids =
                jdbc.queryForList("select case_id from run_quarantined_cases where run_id = ?", UUID.class, runId);
        return new HashSet<>(ids);
    }
}
