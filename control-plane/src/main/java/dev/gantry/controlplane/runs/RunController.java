package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.GoneException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import dev.gantry.model.RowRange;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import dev.gantry.model.WorkItemLayout;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RunController {
    static final int MAX_PAGE_SIZE = 500;

    /**
     * @param seed            makes {@code $uuid}, {@code $randomInt} and {@code $randomEmail} repeat from run to run
     * @param deadlineSeconds cancel the run if it is still going this long after now (else the suite's deadline)
     */
    record TriggerRequest(
            @NotNull UUID environmentId, Long seed, @Min(1) @Max(Suite.MAX_DEADLINE_SECONDS) Integer deadlineSeconds) {}

    record PlannedCase(UUID id, String name) {}

    /**
     * @param chainRows how many data rows each chain runs with (all rows, or its pinned data set's)
     * @param setup     cases run once before all others; teardown: once after all others
     */
    record PlanResponse(
            UUID suiteId,
            UUID environmentId,
            List<List<PlannedCase>> chains,
            int dataRows,
            long workItems,
            long steps,
            long partitions,
            List<Integer> chainRows,
            List<PlannedCase> setup,
            List<PlannedCase> teardown) {}

    record TriggerResponse(UUID runId, RunStatus status, String statusUrl, String stepsUrl) {}

    /** {@code flaky}: steps that passed only on a retry (also passes for the verdict). */
    record Totals(
            long workItems, long steps, long done, long passed, long flaky, long failed, long skipped, long errored) {}

    record CaseResult(
            UUID caseId,
            String name,
            long passed,
            long failed,
            long skipped,
            long errored,
            long flaky,
            Double p50Ms,
            Double p95Ms,
            Double p99Ms,
            Double maxMs) {}

    /** Step latency over the whole run, in milliseconds. */
    record Latency(Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {}

    record RunResponse(
            UUID id,
            UUID suiteId,
            String suiteName,
            UUID environmentId,
            RunStatus status,
            String trigger,
            Totals totals,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Instant deadlineAt,
            Long durationMs,
            Instant firstStepAt,
            Latency latency,
            Instant resultsExpireAt,
            String error,
            DetailsLost detailsLost,
            List<CaseResult> cases) {}

    /** Step details Redis lost during the run (null when none was): totals stay exact. */
    record DetailsLost(long count, String note) {}

    record StepsPage(UUID runId, String status, int page, int size, long total, List<StepDetail> items) {}

    private final RunService service;
    private final RunRepository runs;
    private final RunStore store;
    private final StepDetailQuery stepDetails;
    private final JdbcTemplate jdbc;
    private final RunsProperties runsProperties;
    private final Clock clock;
    private final SuiteRepository suites;

    RunController(
            RunService service,
            RunRepository runs,
            RunStore store,
            StepDetailQuery stepDetails,
            JdbcTemplate jdbc,
            RunsProperties runsProperties,
            Clock clock,
            SuiteRepository suites) {
        this.service = service;
        this.suites = suites;
        this.runs = runs;
        this.store = store;
        this.stepDetails = stepDetails;
        this.jdbc = jdbc;
        this.runsProperties = runsProperties;
        this.clock = clock;
    }

    @PostMapping("/api/v1/suites/{suiteId}/runs")
    ResponseEntity<TriggerResponse> trigger(
            Caller caller, @PathVariable UUID suiteId, @Valid @RequestBody TriggerRequest request) {
        Run run = service.trigger(
                caller,
                suiteId,
                request.environmentId(),
                request.seed(),
                request.deadlineSeconds(),
                new RunOrigin.Manual(caller.userId(), caller.keyId()));
        String statusUrl = "/api/v1/runs/" + run.getId();
        return ResponseEntity.accepted()
                .location(URI.create(statusUrl))
                .body(new TriggerResponse(run.getId(), run.getStatus(), statusUrl, statusUrl + "/steps"));
    }

    /** How many work items and steps a run would make now: shown before anything runs. */
    @GetMapping("/api/v1/suites/{suiteId}/plan")
    PlanResponse plan(Caller caller, @PathVariable UUID suiteId, @RequestParam(required = false) UUID environment) {
        if (environment == null) {
            throw new InvalidInputException("environment", "is required: the id of the environment to plan for");
        }
        RunSnapshot snapshot = service.plan(caller, suiteId, environment);
        Map<UUID, String> names = new HashMap<>();
        snapshot.cases().forEach(c -> names.put(c.id(), c.name()));
        List<List<PlannedCase>> chains = snapshot.chains().stream()
                .map(chain -> chain.stream()
                        .map(id -> new PlannedCase(id, names.get(id)))
                        .toList())
                .toList();
        long mainItems = new WorkItemLayout(snapshot).mainItems();
        return new PlanResponse(
                suiteId,
                environment,
                chains,
                snapshot.dataRows().size(),
                snapshot.workItemCount(),
                snapshot.stepCount(),
                Math.ceilDiv(mainItems, runsProperties.partitionSize(mainItems))
                        + (snapshot.setup().isEmpty() ? 0 : 1)
                        + (snapshot.teardown().isEmpty() ? 0 : 1),
                snapshot.chainRows().stream().map(RowRange::count).toList(),
                snapshot.setup().stream()
                        .map(id -> new PlannedCase(id, names.get(id)))
                        .toList(),
                snapshot.teardown().stream()
                        .map(id -> new PlannedCase(id, names.get(id)))
                        .toList());
    }

    @GetMapping("/api/v1/suites/{suiteId}/runs")
    List<RunResponse> listForSuite(
            Caller caller, @PathVariable UUID suiteId, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 200) {
            throw new InvalidInputException("limit", "must be between 1 and 200");
        }
        // another tenant's suite is not found, like every other of its resources, rather than an empty list
        suites.require(suiteId, caller.tenantId());
        return runs.findBySuiteIdAndTenantIdOrderByCreatedAtDesc(suiteId, caller.tenantId(), Limit.of(limit)).stream()
                .map(run -> response(run, false))
                .toList();
    }

    /**
     * The tenant's runs, newest first, narrowed by any of suite, environment, status, trigger kind and
     * creation time ({@code from} inclusive, {@code to} exclusive).
     */
    @GetMapping("/api/v1/runs")
    List<RunResponse> list(
            Caller caller,
            @RequestParam(required = false) UUID suite,
            @RequestParam(required = false) UUID environment,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String trigger,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new InvalidInputException("limit", "must be between 1 and 200");
        }
        StringBuilder where = new StringBuilder("where tenant_id = ?");
        List<Object> args = new java.util.ArrayList<>(List.of(caller.tenantId()));
        if (suite != null) {
            where.append(" and suite_id = ?");
            args.add(suite);
        }
        if (environment != null) {
            where.append(" and environment_id = ?");
            args.add(environment);
        }
        if (status != null) {
            RunStatus wanted = Arrays.stream(RunStatus.values())
                    .filter(s -> s.name().equalsIgnoreCase(status.strip()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "status", "unknown run status; use one of " + Arrays.toString(RunStatus.values())));
            where.append(" and status = ?");
            args.add(wanted.name());
        }
        if (trigger != null) {
            String kind = TRIGGER_KINDS.stream()
                    .filter(k -> k.equalsIgnoreCase(trigger.strip()))
                    .findFirst()
                    .orElseThrow(
                            () -> new InvalidInputException("trigger", "unknown trigger; use one of " + TRIGGER_KINDS));
            where.append(" and trigger_kind = ?");
            args.add(kind);
        }
        if (from != null) {
            where.append(" and created_at >= ?");
            args.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            if (from != null && !to.isAfter(from)) {
                throw new InvalidInputException("to", "must be after from");
            }
            where.append(" and created_at < ?");
            args.add(java.sql.Timestamp.from(to));
        }
        args.add(limit);
        List<UUID> ids = jdbc.queryForList(
                "select id from runs " + where + " order by created_at desc, id limit ?", UUID.class, args.toArray());
        Map<UUID, Run> found = new HashMap<>();
        runs.findByIdInAndTenantId(ids, caller.tenantId()).forEach(run -> found.put(run.getId(), run));
        return ids.stream()
                .map(found::get)
                .filter(java.util.Objects::nonNull)
                .map(run -> response(run, false))
                .toList();
    }

    /** The kinds {@link RunOrigin} writes. */
    static final List<String> TRIGGER_KINDS = List.of("API", "SCHEDULE", "CI");

    @GetMapping("/api/v1/runs/{id}")
    RunResponse get(Caller caller, @PathVariable UUID id) {
        return response(runs.require(id, caller.tenantId()), true);
    }

    @GetMapping("/api/v1/runs/{id}/steps")
    StepsPage steps(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Run run = runs.require(id, caller.tenantId());
        StepStatus filter = status == null ? null : parseStatus(status);
        if (page < 0) {
            throw new InvalidInputException("page", "must not be negative");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        if (clock.instant().isAfter(run.getResultsExpireAt())
                || (run.getStatus().terminal()
                        && run.getTotalSteps() > 0
                        && !stepDetails.exists(id)
                        && run.getStatus() != RunStatus.ERROR)) {
            throw new GoneException("step details of run " + id + " expired at " + run.getResultsExpireAt()
                    + "; the summary is still at /api/v1/runs/" + id);
        }
        StepDetailQuery.Page result = stepDetails.page(id, filter, page, size);
        return new StepsPage(id, filter == null ? null : filter.name(), page, size, result.total(), result.items());
    }

    private static StepStatus parseStatus(String status) {
        return Arrays.stream(StepStatus.values())
                .filter(s -> s.name().equalsIgnoreCase(status))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "status",
                        "unknown step status '" + status + "'; use one of "
                                + Arrays.toString(StepStatus.values()).toLowerCase()));
    }

    RunResponse response(Run run, boolean withCases) {
        RunTotals totals = run.getStatus().terminal()
                ? new RunTotals(run.getPassed(), run.getFailed(), run.getSkipped(), run.getErrored(), run.getFlaky())
                : store.partitionTotals(run.getId());
        Long duration = run.getStartedAt() == null
                ? null
                : Duration.between(
                                run.getStartedAt(), run.getFinishedAt() != null ? run.getFinishedAt() : clock.instant())
                        .toMillis();
        List<CaseResult> cases = withCases ? caseResults(run.getId()) : null;
        return new RunResponse(
                run.getId(),
                run.getSuiteId(),
                run.getSuiteName(),
                run.getEnvironmentId(),
                run.getStatus(),
                run.getTrigger(),
                new Totals(
                        run.getTotalWorkItems(),
                        run.getTotalSteps(),
                        totals.done(),
                        totals.passed(),
                        totals.flaky(),
                        totals.failed(),
                        totals.skipped(),
                        totals.errored()),
                run.getCreatedAt(),
                run.getStartedAt(),
                run.getFinishedAt(),
                run.getDeadlineAt(),
                duration,
                run.getFirstStepAt(),
                new Latency(run.getP50Ms(), run.getP95Ms(), run.getP99Ms(), run.getMaxMs()),
                run.getResultsExpireAt(),
                run.getErrorMessage(),
                run.getDetailsLost() == 0 ? null : new DetailsLost(run.getDetailsLost(), run.getDetailsLostNote()),
                cases);
    }

    private List<CaseResult> caseResults(UUID runId) {
        return jdbc.query(
                """
                select case_id, case_name, passed, failed, skipped, errored, flaky, p50_ms, p95_ms, p99_ms, max_ms
                from run_case_results where run_id = ? order by position
                """,
                (rs, i) -> new CaseResult(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        (Double) rs.getObject(8),
                        (Double) rs.getObject(9),
                        (Double) rs.getObject(10),
                        (Double) rs.getObject(11)),
                runId);
    }
}
