package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.environments.EnvironmentRepository;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.specs.EndpointCases;
import dev.gantry.controlplane.specs.SpecStore;
import dev.gantry.controlplane.suites.CaseDrafts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scenarios of a diagram version: its paths ({@link ProcessPaths}) planned as chains of cases over the
 * bound tasks ({@link ScenarioPlanner}), previewed, or written as a new suite through {@link
 * CaseDrafts} (DRAFT, as every machine-made suite starts; the same validation as any case; the plan's
 * cases-per-suite limit checked as an import checks it) with a data set per path whose conditions read
 * variables, and marked element by element in {@link ProcessScenarios}. All or nothing.
 */
@Service
class ScenarioService {
    static final int DEFAULT_MAX_PATHS = 50;
    static final int MAX_PATHS = 500;
    static final int DEFAULT_MAX_LOOPS = 1;
    static final int MAX_LOOPS = 5;

    /** What the caller asks for; every field optional. */
    record Request(
            Integer version,
            UUID environmentId,
            Integer maxLoops,
            Integer maxPaths,
            Boolean negative,
            String suiteName) {}

    /** A case as the answer lists it. */
    record CaseView(
            UUID id,
            String name,
            String scenario,
            String elementId,
            String kind,
            String dependsOn,
            List<String> flowIds,
            Map<String, Object> request,
            Object extractions) {}

    record Answer(
            UUID diagramId,
            int version,
            UUID specificationId,
            UUID suiteId,
            String suiteName,
            boolean capped,
            int maxPaths,
            int maxLoops,
            List<ScenarioPlanner.PlannedPath> paths,
            List<CaseView> cases,
            List<ScenarioPlanner.Unbound> unbound,
            List<String> warnings) {}

    private final DiagramVersions versions;
    private final ProcessBindings bindings;
    private final ProcessScenarios scenarios;
    private final CaseDrafts drafts;
    private final PlanService plans;
    private final EnvironmentRepository environments;
    private final JdbcTemplate jdbc;

    ScenarioService(
            DiagramVersions versions,
            ProcessBindings bindings,
            ProcessScenarios scenarios,
            CaseDrafts drafts,
            PlanService plans,
            EnvironmentRepository environments,
            JdbcTemplate jdbc) {
        this.versions = versions;
        this.bindings = bindings;
        this.scenarios = scenarios;
        this.drafts = drafts;
        this.plans = plans;
        this.environments = environments;
        this.jdbc = jdbc;
    }

    private record Planned(
            DiagramVersions.Read read,
            DiagramVersions.ActiveSpec spec,
            ScenarioPlanner.Plan plan,
            boolean capped,
            int maxLoops,
            int maxPaths,
            boolean negative) {}

    private Planned planned(Caller caller, UUID diagramId, Request request) {
        Request r = request == null ? new Request(null, null, null, null, null, null) : request;
        int maxLoops = r.maxLoops() == null ? DEFAULT_MAX_LOOPS : r.maxLoops();
        if (maxLoops < 0 || maxLoops > MAX_LOOPS) {
            throw new InvalidInputException("maxLoops", "between 0 and " + MAX_LOOPS);
        }
        int maxPaths = r.maxPaths() == null ? DEFAULT_MAX_PATHS : r.maxPaths();
        if (maxPaths < 1 || maxPaths > MAX_PATHS) {
            throw new InvalidInputException("maxPaths", "between 1 and " + MAX_PATHS);
        }
        DiagramVersions.Read read = versions.read(caller.tenantId(), diagramId, r.version());
        if (r.environmentId() != null
                && environments
                        .findByIdAndTenantId(r.environmentId(), caller.tenantId())
                        .filter(e -> e.getProjectId().equals(read.diagram().projectId()))
                        .isEmpty()) {
            throw new InvalidInputException(
                    "environmentId",
                    "environment " + r.environmentId() + " is not an environment of the diagram's project");
        }
        boolean negative = r.negative() == null || r.negative();
        DiagramVersions.ActiveSpec spec = versions.activeSpec(
                        caller.tenantId(), read.diagram().projectId())
                .orElse(null);
        ProcessPaths.Result found = ProcessPaths.find(read.elements(), read.flows(), maxLoops, maxPaths);
        Map<String, SpecStore.EndpointRow> bound =
                spec == null ? Map.of() : BindingService.resolve(bindings.of(diagramId), spec.endpoints());
        EndpointCases generator = spec == null
                ? null
                : new EndpointCases(versions.components(spec.spec().id()));
        ScenarioPlanner.Plan plan = ScenarioPlanner.plan(found, read.elements(), bound, generator, negative);
        if (spec == null) {
            List<String> warnings = new ArrayList<>(plan.warnings());
            warnings.addFirst("the project has no active API specification: no task is bound, no case is planned");
            plan = new ScenarioPlanner.Plan(plan.paths(), plan.cases(), plan.unbound(), List.copyOf(warnings));
        }
        return new Planned(read, spec, plan, found.capped(), maxLoops, maxPaths, negative);
    }

    /** The paths and cases a generation would make; nothing is written. */
    Answer preview(Caller caller, UUID diagramId, Request request) {
        Planned p = planned(caller, diagramId, request);
        List<CaseView> cases =
                p.plan().cases().stream().map(c -> view(null, c, null)).toList();
        return answer(p, null, null, cases);
    }

    /** Writes the plan as a new suite, or nothing (422 when no case would be made). */
    @Transactional
    Answer generate(Caller caller, UUID diagramId, Request request) {
        Planned p = planned(caller, diagramId, request);
        if (p.spec() == null) {
            versions.requireActiveSpec(caller.tenantId(), p.read().diagram().projectId());
        }
        if (p.plan().cases().isEmpty()) {
            throw new UnprocessableException(
                    "nothing-bound",
                    "bindings",
                    "no path of the diagram has a task bound to an endpoint: bind tasks first (PUT …/bindings/{elementId}"
                            + " or POST …/bindings/suggest)");
        }
        String suiteName = suiteName(p, request == null ? null : request.suiteName());
        if (request == null || request.suiteName() == null) {
            // a second generation of the same version gets a name of its own
            List<String> taken = jdbc.queryForList(
                    "select name from test_suites where project_id = ?",
                    String.class,
                    p.read().diagram().projectId());
            String base = suiteName;
            for (int i = 2; taken.contains(suiteName); i++) {
                suiteName = base + " (" + i + ")";
            }
        }
        UUID tenantId = caller.tenantId();
        UUID suiteId = drafts.createSuite(
                tenantId, p.read().diagram().projectId(), caller.userId(), suiteName, description(p), "suiteName");
        plans.holdLimit(tenantId, PlanLimit.MaxTestCasesPerSuite);
        Map<String, UUID> setOfPath = new HashMap<>();
        for (ScenarioPlanner.PlannedPath path : p.plan().paths()) {
            if (!path.row().isEmpty() && path.cases() > 0) {
                setOfPath.put(
                        path.name(),
                        drafts.putDataSet(
                                tenantId,
                                suiteId,
                                caller.userId(),
                                null,
                                path.name() + " conditions",
                                List.of(path.row())));
            }
        }
        CaseDrafts.Batch batch = drafts.batch(tenantId, suiteId, caller.userId());
        CaseDrafts.Origin none = new CaseDrafts.Origin(null, null, null, null, null);
        Map<String, UUID> ids = new LinkedHashMap<>();
        List<ProcessScenarios.CaseElement> marks = new ArrayList<>();
        List<CaseView> cases = new ArrayList<>();
        for (ScenarioPlanner.PlannedCase c : p.plan().cases()) {
            Map<String, Object> json = new LinkedHashMap<>(c.json());
            if (c.dependsOnKey() != null) {
                json.put("dependsOn", ids.get(c.dependsOnKey()).toString());
            }
            UUID dataSet = setOfPath.get(c.scenario());
            if (dataSet != null) {
                json.put("dataSetId", dataSet.toString());
            }
            UUID id = batch.create(drafts.draft(json), none);
            ids.put(c.key(), id);
            marks.add(new ProcessScenarios.CaseElement(id, c.elementId(), c.scenario(), c.kind(), c.flowIds()));
            cases.add(view(id, c, c.dependsOnKey() == null ? null : ids.get(c.dependsOnKey())));
        }
        batch.finish();
        plans.checkAdded(
                tenantId,
                PlanLimit.MaxTestCasesPerSuite,
                marks.size(),
                () -> jdbc.queryForObject("select count(*) from test_cases where suite_id = ?", Long.class, suiteId),
                "cannot generate " + marks.size() + " cases into suite " + suiteId);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("maxLoops", p.maxLoops());
        options.put("maxPaths", p.maxPaths());
        options.put("negative", p.negative());
        options.put("specificationId", p.spec().spec().id().toString());
        if (request != null && request.environmentId() != null) {
            options.put("environmentId", request.environmentId().toString());
        }
        options.put("capped", p.capped());
        // the whole of each path, for coverage of the flows after a path's last case
        options.put(
                "paths",
                p.plan().paths().stream()
                        .map(path -> Map.of(
                                "name", path.name(),
                                "elementIds", path.elementIds(),
                                "flowIds", path.flowIds(),
                                "endId", path.endId() == null ? "" : path.endId()))
                        .toList());
        scenarios.record(tenantId, suiteId, diagramId, p.read().version(), caller.userId(), options, marks);
        return answer(p, suiteId, suiteName, cases);
    }

    private static String suiteName(Planned p, String asked) {
        if (asked != null) {
            String name = asked.strip();
            if (name.isEmpty() || name.length() > 200) {
                throw new InvalidInputException("suiteName", "1 to 200 characters");
            }
            return name;
        }
        String name = p.read().diagram().name() + " · scenarios v" + p.read().version();
        return name.length() <= 200 ? name : name.substring(0, 200);
    }

    private static String description(Planned p) {
        StringBuilder d = new StringBuilder("Generated from version " + p.read().version() + " of the process diagram '"
                + p.read().diagram().name() + "': " + p.plan().paths().size() + " path(s).");
        if (!p.plan().unbound().isEmpty()) {
            d.append(" Unbound tasks, not exercised: ")
                    .append(String.join(
                            ", ",
                            p.plan().unbound().stream()
                                    .map(u -> u.name() == null ? u.elementId() : u.name())
                                    .toList()))
                    .append('.');
        }
        if (p.capped()) {
            d.append(" Only the first ").append(p.maxPaths()).append(" paths were generated.");
        }
        String text = d.toString();
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    private static CaseView view(UUID id, ScenarioPlanner.PlannedCase c, UUID dependsOn) {
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) c.json().get("request");
        return new CaseView(
                id,
                c.name(),
                c.scenario(),
                c.elementId(),
                c.kind(),
                dependsOn != null ? dependsOn.toString() : c.dependsOnKey(),
                c.flowIds(),
                request,
                c.json().get("extractions"));
    }

    private static Answer answer(Planned p, UUID suiteId, String suiteName, List<CaseView> cases) {
        return new Answer(
                p.read().diagram().id(),
                p.read().version(),
                p.spec() == null ? null : p.spec().spec().id(),
                suiteId,
                suiteName,
                p.capped(),
                p.maxPaths(),
                p.maxLoops(),
                p.plan().paths(),
                cases,
                p.plan().unbound(),
                p.plan().warnings());
    }
}
