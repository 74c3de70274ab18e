package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.runs.RunEnded;
import dev.gantry.controlplane.runs.RunResults;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results per element of a run of a process suite, and its process coverage: computed when the run
 * ends ({@link RunEnded}) from the run's per-case outcomes ({@link RunResults}, never runs' tables)
 * and the suite's marks ({@link ProcessScenarios}), by the rules of {@link ElementVerdicts}, and kept
 * in {@code process_run_results}, whose only writer this is. A diagram holds at most a few thousand
 * elements and a suite as many cases, so this is a few queries and a pass in memory, not a job of
 * its own. If the event was lost (the control plane stopped), the first read computes them.
 */
@Component
public class ProcessResults {
    private static final Logger log = LoggerFactory.getLogger(ProcessResults.class);

    /** What a run did to an element or flow; see {@link ElementVerdicts} for the rules. */
    public enum Status {
        /** Exercised, and every case exercising it that ran passed. */
        PASSED,
        /** Exercised, and a case exercising it failed. */
        FAILED,
        /** Its cases did not run (an earlier step of their path failed, or they were left out). */
        NOT_REACHED,
        /** No case of the suite exercises it. */
        NOT_IN_SCENARIO
    }

    /** An element's result, with how many cases contributed each outcome. */
    public record ElementResult(
            String elementId,
            String type,
            String category,
            String name,
            Status status,
            int passed,
            int failed,
            int notReached) {}

    /** A sequence flow's result; a gateway's branch is one of the outgoing flows of a gateway that splits. */
    public record FlowResult(
            String flowId,
            String sourceId,
            String targetId,
            String name,
            Status status,
            int passed,
            int failed,
            int notReached) {}

    /** Of {@code total}, how many some case of the suite exercises, and how many the run exercised. */
    public record Count(int total, int inScenario, int exercised, BigDecimal percent) {}

    /**
     * Process coverage: elements (events, tasks, sub-processes and gateways; not pools or lanes) and
     * sequence flows exercised by the run over the diagram version's total.
     */
    public record Coverage(UUID diagramId, String diagramName, int version, Count elements, Count flows) {}

    /** A run's results over the diagram its suite was generated from. */
    public record Report(
            UUID runId,
            UUID suiteId,
            UUID diagramId,
            String diagramName,
            int version,
            Instant computedAt,
            Coverage coverage,
            List<ElementResult> elements,
            List<FlowResult> branches,
            List<FlowResult> flows) {}

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final RunResults runs;
    private final ProcessScenarios scenarios;
    private final ProcessStore store;

    ProcessResults(
            JdbcTemplate jdbc,
            JsonMapper json,
            Clock clock,
            RunResults runs,
            ProcessScenarios scenarios,
            ProcessStore store) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.runs = runs;
        this.scenarios = scenarios;
        this.store = store;
    }

    @EventListener
    void afterRun(RunEnded ended) {
        try {
            runs.ended(ended.runId()).ifPresent(run -> scenarios
                    .ofSuite(run.tenantId(), run.suiteId())
                    .ifPresent(scenario -> save(run.tenantId(), compute(run.runId(), scenario))));
        } catch (RuntimeException e) {
            log.warn(
                    "process results of run {} could not be computed now; the first read will: {}",
                    ended.runId(),
                    e.toString());
        }
    }

    /**
     * The run's results, for a caller who knows the run is the tenant's: empty when the run's suite
     * is not a process suite or the run has not ended.
     */
    public Optional<Report> ofRun(UUID tenantId, UUID runId) {
        Optional<Report> kept = kept(tenantId, runId);
        if (kept.isPresent()) {
            return kept;
        }
        return runs.ended(runId)
                .filter(run -> run.tenantId().equals(tenantId))
                .flatMap(run -> scenarios.ofSuite(tenantId, run.suiteId()).map(s -> {
                    save(tenantId, compute(runId, s));
                    return kept(tenantId, runId).orElseThrow();
                }));
    }

    /** The run's results; 404 for another tenant's run or one of a suite that is not a process suite. */
    public Report require(UUID tenantId, UUID runId) {
        UUID suite = runs.suiteOf(tenantId, runId).orElseThrow(() -> new NotFoundException("run", runId));
        if (scenarios.ofSuite(tenantId, suite).isEmpty()) {
            throw new NotFoundException("process results (its suite is not generated from a diagram) of run", runId);
        }
        return ofRun(tenantId, runId)
                .orElseThrow(() -> new ConflictException(
                        "status", "run " + runId + " has not ended; its results per element come when it does"));
    }

    private Report compute(UUID runId, ProcessScenarios.Scenario scenario) {
        List<ElementVerdicts.Outcome> outcomes = runs.outcomes(runId).stream()
                .map(o -> new ElementVerdicts.Outcome(
                        o.caseId(), o.passedAll() ? Status.PASSED : o.executed() ? Status.FAILED : Status.NOT_REACHED))
                .toList();
        ElementVerdicts.Computed computed = ElementVerdicts.compute(
                store.elements(scenario.diagramId(), scenario.version()),
                store.flows(scenario.diagramId(), scenario.version()),
                scenarios.casesOf(scenario.suiteId()),
                outcomes);
        String name = jdbc
                .queryForList("select name from process_diagrams where id = ?", String.class, scenario.diagramId())
                .stream()
                .findFirst()
                .orElse(null);
        return new Report(
                runId,
                scenario.suiteId(),
                scenario.diagramId(),
                name,
                scenario.version(),
                clock.instant(),
                new Coverage(scenario.diagramId(), name, scenario.version(), computed.elements(), computed.flows()),
                computed.elementResults(),
                computed.branches(),
                computed.flowResults());
    }

    private void save(UUID tenantId, Report report) {
        jdbc.update(
                """
                insert into process_run_results (run_id, tenant_id, suite_id, diagram_id, version, computed_at, result)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (run_id) do update set version = excluded.version, computed_at = excluded.computed_at,
                    result = excluded.result
                """,
                report.runId(),
                tenantId,
                report.suiteId(),
                report.diagramId(),
                report.version(),
                Timestamp.from(report.computedAt()),
                json.writeValueAsString(report));
    }

    private Optional<Report> kept(UUID tenantId, UUID runId) {
        return jdbc
                .queryForList(
                        "select result::text from process_run_results where run_id = ? and tenant_id = ?",
                        String.class,
                        runId,
                        tenantId)
                .stream()
                .findFirst()
                .map(text -> json.readValue(text, Report.class));
    }
}
