package dev.gantry.controlplane.quarantine;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A suite's quarantine list ({@code /api/v1/suites/{id}/quarantine}) and the flake score of its
 * cases ({@code /api/v1/suites/{id}/flakiness}): over the suite's last finished runs, a case's
 * outcome is "failed" in a run when any of its steps failed or errored there, otherwise
 * "passed"; its flake score is the share of consecutive runs in which that outcome flipped (0: it
 * always passes or always fails, 1: it alternates). Runs where it passed only on retries are
 * counted as {@code flakyRuns}. A score of at least 0.3 over 5 runs or more is suggested for
 * quarantine; quarantining stays a person's decision.
 */
@RestController
class QuarantineController {
    static final double SUGGEST_SCORE = 0.3;
    static final int SUGGEST_MIN_RUNS = 5;

    record QuarantineRequest(String reason) {}

    record QuarantinedCase(UUID caseId, String name, String reason, Instant since) {}

    record Flakiness(
            UUID caseId,
            String name,
            int runs,
            int failedRuns,
            int flips,
            int flakyRuns,
            double score,
            boolean quarantined,
            boolean suggested) {}

    private final JdbcTemplate jdbc;
    private final Quarantine quarantine;
    private final Clock clock;

    QuarantineController(JdbcTemplate jdbc, Quarantine quarantine, Clock clock) {
        this.jdbc = jdbc;
        this.quarantine = quarantine;
        this.clock = clock;
    }

    @GetMapping("/api/v1/suites/{suiteId}/quarantine")
    List<QuarantinedCase> list(Caller caller, @PathVariable UUID suiteId) {
        requireSuite(suiteId, caller.tenantId());
        return jdbc.query(
                """
                select q.case_id, c.name, q.reason, q.created_at from suite_quarantine q
                join test_cases c on c.id = q.case_id where q.suite_id = ? order by c.name
                """,
                (rs, i) -> new QuarantinedCase(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()),
                suiteId);
    }

    @PutMapping("/api/v1/suites/{suiteId}/quarantine/{caseId}")
    List<QuarantinedCase> add(
            Caller caller,
            @PathVariable UUID suiteId,
            @PathVariable UUID caseId,
            @RequestBody(required = false) QuarantineRequest body) {
        requireSuite(suiteId, caller.tenantId());
        if (jdbc.queryForList("select 1 from test_cases where id = ? and suite_id = ?", Integer.class, caseId, suiteId)
                .isEmpty()) {
            throw new NotFoundException("case", caseId);
        }
        String reason = body == null ? null : body.reason();
        if (reason != null && reason.length() > 2000) {
            throw new InvalidInputException("reason", "must be at most 2000 characters");
        }
        quarantine.add(suiteId, caseId, reason, caller.userId(), clock.instant());
        return list(caller, suiteId);
    }

    @DeleteMapping("/api/v1/suites/{suiteId}/quarantine/{caseId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable UUID suiteId, @PathVariable UUID caseId) {
        requireSuite(suiteId, caller.tenantId());
        if (!quarantine.remove(suiteId, caseId)) {
            throw new NotFoundException("quarantined case", caseId);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/suites/{suiteId}/flakiness")
    List<Flakiness> flakiness(Caller caller, @PathVariable UUID suiteId, @RequestParam(defaultValue = "20") int runs) {
        requireSuite(suiteId, caller.tenantId());
        if (runs < 2 || runs > 200) {
            throw new InvalidInputException("runs", "must be between 2 and 200");
        }
        // oldest first, so that flips are counted in the order the runs happened
        record Outcome(UUID caseId, String name, boolean failed, boolean flaky) {}
        List<Outcome> outcomes = jdbc.query(
                """
                select c.case_id, c.case_name, c.failed + c.errored > 0, c.flaky > 0
                from (select id, created_at from runs where suite_id = ? and tenant_id = ?
                        and status in ('PASSED', 'FAILED') order by created_at desc limit ?) r
                join run_case_results c on c.run_id = r.id
                order by r.created_at, c.position
                """,
                (rs, i) ->
                        new Outcome(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)),
                suiteId,
                caller.tenantId(),
                runs);
        Set<UUID> quarantined = Set.copyOf(
                jdbc.queryForList("select case_id from suite_quarantine where suite_id = ?", UUID.class, suiteId));
        Map<UUID, List<Outcome>> byCase = new LinkedHashMap<>();
        outcomes.forEach(
                o -> byCase.computeIfAbsent(o.caseId(), id -> new ArrayList<>()).add(o));
        List<Flakiness> answer = new ArrayList<>();
        Map<UUID, String> names = new HashMap<>();
        byCase.forEach((caseId, list) -> {
            names.put(caseId, list.getLast().name());
            int flips = 0;
            int failed = 0;
            int flaky = 0;
            for (int i = 0; i < list.size(); i++) {
                Outcome o = list.get(i);
                failed += o.failed() ? 1 : 0;
                flaky += o.flaky() ? 1 : 0;
                if (i > 0 && list.get(i - 1).failed() != o.failed()) {
                    flips++;
                }
            }
            double score = list.size() < 2 ? 0 : (double) flips / (list.size() - 1);
            answer.add(new Flakiness(
                    caseId,
                    list.getLast().name(),
                    list.size(),
                    failed,
                    flips,
                    flaky,
                    Math.round(score * 1000) / 1000.0,
                    quarantined.contains(caseId),
                    score >= SUGGEST_SCORE && list.size() >= SUGGEST_MIN_RUNS && !quarantined.contains(caseId)));
        });
        answer.sort((a, b) -> Double.compare(b.score(), a.score()));
        return answer;
    }

    private void requireSuite(UUID suiteId, UUID tenantId) {
        if (jdbc.queryForList(
                        "select 1 from test_suites where id = ? and tenant_id = ?", Integer.class, suiteId, tenantId)
                .isEmpty()) {
            throw new NotFoundException("suite", suiteId);
        }
    }
}
