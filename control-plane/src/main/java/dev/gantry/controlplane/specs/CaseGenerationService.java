package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.Problems;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CaseDrafts;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

/**
 * Generation of test cases from a specification, as a job: {@link #start} checks the request and
 * answers at once with the generation QUEUED; the job ({@link GenerationJobConfiguration}) runs
 * {@link #generate} on the batch executor, and {@link #status} reads where it is.
 *
 * <p>A generation writes its cases into the suite in one transaction, with batched statements: new
 * cases, updates of those nobody edited since they were generated (a case whose stored content no
 * longer hashes to what was generated is reported as diverged and left alone), and the origins of
 * unchanged ones. Cases whose endpoint left the specification are reported, never deleted. Progress
 * is committed apart as it goes; the report is committed with the cases, so COMPLETED means written.
 */
@Service
public class CaseGenerationService implements JobExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(CaseGenerationService.class);

    /** Every kind, in the order a generation makes them for an endpoint. */
    static final List<String> ALL_KINDS = List.of("happy", "boundary", "negative", "security");

    static final Set<String> KINDS = Set.copyOf(ALL_KINDS);

    private final SuiteRepository suites;
    private final SpecStore specs;
    private final CaseDrafts drafts;
    private final JdbcTemplate jdbc;
    private final PlanService plans;
    private final GenerationStore store;
    private final JobOperator jobOperator;
    private final Job generationJob;
    private final Problems problems;
    private final GenerationProperties properties;
    private final Clock clock;

    CaseGenerationService(
            SuiteRepository suites,
            SpecStore specs,
            CaseDrafts drafts,
            JdbcTemplate jdbc,
            PlanService plans,
            GenerationStore store,
            JobOperator jobOperator,
            @Qualifier("generationJob") Job generationJob,
            Problems problems,
            GenerationProperties properties,
            Clock clock) {
        this.suites = suites;
        this.specs = specs;
        this.drafts = drafts;
        this.jdbc = jdbc;
        this.plans = plans;
        this.store = store;
        this.jobOperator = jobOperator;
        this.generationJob = generationJob;
        this.problems = problems;
        this.properties = properties;
        this.clock = clock;
    }

    public record CaseRef(UUID id, String name, String endpoint, String kind) {}

    /** How many of each outcome, however many a report's lists show. */
    public record Counts(int created, int updated, int unchanged, int diverged, int orphaned, int skipped) {}

    /**
     * What a generation did. The lists show at most the {@code ?limit=} asked for (100 by default);
     * {@code counts} are whole, and {@code truncated} says whether a list was cut. Every generated case
     * of a suite is {@code GET /suites/{id}/generated}.
     */
    public record Report(
            UUID specId,
            List<CaseRef> created,
            List<CaseRef> updated,
            int unchanged,
            List<CaseRef> diverged,
            List<CaseRef> orphaned,
            List<String> skipped,
            Counts counts,
            boolean truncated) {

        Report limitedTo(int limit) {
            boolean cut = created.size() > limit
                    || updated.size() > limit
                    || diverged.size() > limit
                    || orphaned.size() > limit
                    || skipped.size() > limit;
            return new Report(
                    specId,
                    first(created, limit),
                    first(updated, limit),
                    unchanged,
                    first(diverged, limit),
                    first(orphaned, limit),
                    first(skipped, limit),
                    counts,
                    cut);
        }

        private static <T> List<T> first(List<T> list, int limit) {
            return list.size() <= limit ? list : list.subList(0, limit);
        }
    }

    /** Drafts handled (written, compared or skipped) of those the specification gave (null until known). */
    public record Progress(int done, Integer total) {}

    /**
     * A generation as {@code GET /api/v1/generations/{id}} answers it: {@code report} once COMPLETED,
     * {@code problem} (an RFC 9457 problem detail, as the request would have answered) once FAILED.
     */
    public record Generation(
            UUID id,
            UUID suiteId,
            UUID specId,
            List<String> kinds,
            GenerationState state,
            Progress progress,
            Instant createdAt,
            Instant finishedAt,
            String statusUrl,
            Report report,
            Map<String, Object> problem) {}

    private record Existing(UUID id, String name, String endpoint, String kind, String hash) {}

    /**
     * Checks the request (the suite, the kinds, the specification) and queues the generation: 404, 400
     * and 422 answer at once, as before; what can only be known by generating (a plan limit the new
     * cases would pass) fails the generation, and its status says so.
     */
    public Generation start(Caller caller, UUID suiteId, UUID specId, List<String> kinds) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        List<String> chosen = kinds(kinds);
        SpecStore.SpecRow spec = specId != null
                ? specs.require(specId, caller.tenantId())
                : specs.active(suite.getProjectId(), caller.tenantId())
                        .orElseThrow(() -> new UnprocessableException(
                                "no-active-spec", "the suite's project has no active specification; import one first"));
        if (!spec.projectId().equals(suite.getProjectId())) {
            throw new InvalidInputException("specId", "specification " + spec.id() + " belongs to another project");
        }
        Instant now = clock.instant();
        store.expire(null, suiteId, now.minus(properties.lease()), interrupted(), now);
        UUID id = UUID.randomUUID();
        try {
            store.create(id, caller.tenantId(), suiteId, spec.id(), json(chosen), caller.userId(), now);
        } catch (DuplicateKeyException e) {
            String under = jdbc
                    .queryForList(
                            "select id from case_generations where suite_id = ? and state in ('QUEUED', 'RUNNING')",
                            UUID.class,
                            suiteId)
                    .stream()
                    .findFirst()
                    .map(CaseGenerationController::statusUrl)
                    .orElse("another request");
            throw new ConflictException("suiteId", "a generation of this suite is under way: " + under);
        }
        store.prune(suiteId, properties.keep());
        try {
            jobOperator.start(
                    generationJob,
                    new JobParametersBuilder()
                            .addString(GenerationJobConfiguration.GENERATION_ID, id.toString())
                            .toJobParameters());
        } catch (Exception e) {
            log.error("generation {} could not be started", id, e);
            store.fail(id, json(problems.of(e)), clock.instant());
        }
        return status(caller, id, properties.listed());
    }

    private static List<String> kinds(List<String> kinds) {
        if (kinds == null || kinds.isEmpty()) {
            return ALL_KINDS;
        }
        for (int i = 0; i < kinds.size(); i++) {
            if (!KINDS.contains(kinds.get(i))) {
                throw new InvalidInputException(
                        "kinds[" + i + "]", "unknown kind '" + kinds.get(i) + "'; use " + ALL_KINDS);
            }
        }
        return List.copyOf(new LinkedHashSet<>(kinds));
    }

    /** Where the generation is; a QUEUED or RUNNING one not heard from within the lease is FAILED first. */
    public Generation status(Caller caller, UUID id, int limit) {
        GenerationStore.Row row =
                store.find(id, caller.tenantId()).orElseThrow(() -> new NotFoundException("generation", id));
        Instant now = clock.instant();
        if (!row.state().terminal() && row.heartbeatAt().isBefore(now.minus(properties.lease()))) {
            store.expire(id, null, now.minus(properties.lease()), interrupted(), now);
            row = store.find(id).orElseThrow(() -> new NotFoundException("generation", id));
        }
        return view(row, Math.max(0, Math.min(limit, GenerationProperties.MAX_LISTED)));
    }

    private static Generation view(GenerationStore.Row row, int limit) {
        Report report = row.report() == null
                ? null
                : JsonColumns.MAPPER.readValue(row.report(), Report.class).limitedTo(limit);
        Map<String, Object> problem = row.problem() == null
                ? null
                : JsonColumns.MAPPER.readValue(row.problem(), new TypeReference<LinkedHashMap<String, Object>>() {});
        return new Generation(
                row.id(),
                row.suiteId(),
                row.specId(),
                JsonColumns.MAPPER.readValue(row.kinds(), new TypeReference<List<String>>() {}),
                row.state(),
                new Progress(row.done(), row.total()),
                row.createdAt(),
                row.finishedAt(),
                CaseGenerationController.statusUrl(row.id()),
                report,
                problem);
    }

    /** A generation whose control plane stopped under it: its transaction, cases and all, went too. */
    private static String interrupted() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:gantry:problem:generation-interrupted");
        problem.put("title", HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
        problem.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        problem.put(
                "detail",
                "the control plane generating these cases stopped before it finished; nothing was written;"
                        + " generate again");
        problem.put("code", "generation-interrupted");
        return json(problem);
    }

    private static String json(Object value) {
        return JsonColumns.MAPPER.writeValueAsString(value);
    }

    /**
     * The job's work, in the job step's transaction: whole or nothing. A generation whose new cases
     * would take the suite beyond the plan's MaxTestCasesPerSuite fails with 403 {@code plan-limit}
     * and writes nothing; updating cases already generated adds none, so a full suite regenerates.
     */
    void generate(UUID generationId) {
        GenerationStore.Row row =
                store.find(generationId).orElseThrow(() -> new NotFoundException("generation", generationId));
        if (row.state() != GenerationState.RUNNING) {
            return; // failed meanwhile (its lease lapsed): nothing to do
        }
        UUID tenantId = row.tenantId();
        UUID suiteId = row.suiteId();
        if (row.specId() == null) {
            throw new UnprocessableException(
                    "no-active-spec", "the specification was deleted before the generation started");
        }
        plans.holdLimit(tenantId, PlanLimit.MaxTestCasesPerSuite);
        SpecStore.SpecRow spec = specs.require(row.specId(), tenantId);
        Set<String> chosen =
                new LinkedHashSet<>(JsonColumns.MAPPER.readValue(row.kinds(), new TypeReference<List<String>>() {}));
        List<CaseGenerator.Generated> generated =
                new CaseGenerator(specs.components(spec.id()), chosen).generate(specs.endpoints(spec.id()));
        int total = generated.size();
        store.progress(generationId, 0, total, clock.instant());

        Map<String, Existing> existing = new HashMap<>();
        jdbc.query(
                "select origin_key, id, name, origin_endpoint, origin_kind, generated_hash from test_cases where suite_id = ? and origin_key is not null",
                rs -> {
                    existing.put(
                            rs.getString(1),
                            new Existing(
                                    rs.getObject(2, UUID.class),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6)));
                },
                suiteId);
        Map<UUID, String> stored = drafts.storedHashes(tenantId, suiteId);
        Set<String> takenNames = new HashSet<>(jdbc.queryForList(
                "select name from test_cases where suite_id = ? and origin_key is null", String.class, suiteId));
        CaseDrafts.Batch batch = drafts.batch(tenantId, suiteId, row.requestedBy());

        Map<String, UUID> idsByKey = new HashMap<>();
        existing.forEach((key, e) -> idsByKey.put(key, e.id()));
        List<CaseRef> created = new ArrayList<>();
        List<CaseRef> updated = new ArrayList<>();
        List<CaseRef> diverged = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int unchanged = 0;
        int done = 0;
        Set<String> seen = new HashSet<>();
        for (CaseGenerator.Generated g : generated) {
            if (done > 0 && done % properties.batchSize() == 0) {
                batch.flush();
                store.progress(generationId, done, total, clock.instant());
            }
            done++;
            seen.add(g.key());
            if (g.dependsOnKey() != null) {
                UUID parent = idsByKey.get(g.dependsOnKey());
                if (parent == null) {
                    skipped.add(g.name() + ": the case it depends on was not generated");
                    continue;
                }
                g.json().put("dependsOn", parent.toString());
            }
            CaseDrafts.Draft draft = drafts.draft(g.json());
            CaseDrafts.Origin origin = new CaseDrafts.Origin(spec.id(), g.endpoint(), g.kind(), g.key(), draft.hash());
            Existing old = existing.get(g.key());
            if (old == null) {
                if (takenNames.contains(g.name())) {
                    skipped.add(g.name() + ": a hand-made case already has this name");
                    continue;
                }
                UUID id = batch.create(draft, origin);
                idsByKey.put(g.key(), id);
                created.add(new CaseRef(id, g.name(), g.endpoint(), g.kind()));
                continue;
            }
            CaseRef ref = new CaseRef(old.id(), old.name(), g.endpoint(), g.kind());
            String now = stored.get(old.id());
            if (!now.equals(old.hash())) {
                diverged.add(ref);
            } else if (now.equals(draft.hash())) {
                unchanged++;
                batch.mark(old.id(), origin);
            } else {
                batch.replace(old.id(), old.name(), draft, origin);
                updated.add(new CaseRef(old.id(), g.name(), g.endpoint(), g.kind()));
            }
        }
        batch.finish();
        plans.checkAdded(
                tenantId,
                PlanLimit.MaxTestCasesPerSuite,
                created.size(),
                () -> jdbc.queryForObject("select count(*) from test_cases where suite_id = ?", Long.class, suiteId),
                "cannot generate " + created.size() + " new cases into suite " + suiteId);
        List<CaseRef> orphaned = new ArrayList<>();
        existing.forEach((key, e) -> {
            if (!seen.contains(key)) {
                orphaned.add(new CaseRef(e.id(), e.name(), e.endpoint(), e.kind()));
            }
        });
        Report report = new Report(
                spec.id(),
                created,
                updated,
                unchanged,
                diverged,
                orphaned,
                skipped,
                new Counts(created.size(), updated.size(), unchanged, diverged.size(), orphaned.size(), skipped.size()),
                false);
        store.complete(generationId, done, json(report), clock.instant());
    }

    /** The job started: QUEUED → RUNNING (a generation that failed meanwhile stays FAILED). */
    @Override
    public void beforeJob(JobExecution execution) {
        String id = execution.getJobParameters().getString(GenerationJobConfiguration.GENERATION_ID);
        if (id != null) {
            store.start(UUID.fromString(id), clock.instant());
        }
    }

    /** A job that did not complete leaves its generation FAILED with the problem its request would have had. */
    @Override
    public void afterJob(JobExecution execution) {
        String id = execution.getJobParameters().getString(GenerationJobConfiguration.GENERATION_ID);
        if (id == null || execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        Throwable failure =
                execution.getAllFailureExceptions().stream().findFirst().orElse(null);
        Map<String, Object> problem = failure == null
                ? problems.of(new IllegalStateException("the job ended " + execution.getStatus()))
                : problems.of(failure);
        store.fail(UUID.fromString(id), json(problem), clock.instant());
    }

    public record Origin(UUID caseId, String name, UUID specId, String endpoint, String kind, boolean diverged) {}

    public List<Origin> origins(Caller caller, UUID suiteId) {
        suites.require(suiteId, caller.tenantId());
        Map<UUID, String> stored = drafts.storedHashes(caller.tenantId(), suiteId);
        List<Origin> out = new ArrayList<>();
        jdbc.query(
                "select id, name, origin_spec_id, origin_endpoint, origin_kind, generated_hash from test_cases"
                        + " where suite_id = ? and tenant_id = ? and origin_key is not null order by position, name",
                rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    out.add(new Origin(
                            id,
                            rs.getString(2),
                            rs.getObject(3, UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            !stored.get(id).equals(rs.getString(6))));
                },
                suiteId,
                caller.tenantId());
        return out;
    }
}
