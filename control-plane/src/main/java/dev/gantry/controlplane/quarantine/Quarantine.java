package dev.gantry.controlplane.quarantine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** The quarantine as a run's verdict sees it: which of the suite's cases do not decide it. */
@Service
public class Quarantine {
    private final JdbcTemplate jdbc;

    Quarantine(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
