package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.targets.TargetPolicy;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.RequestTemplate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TestCaseController {
    /**
     * A case as the API answers it; {@code request} is null only for a manual case, {@code links} come
     * stories first, then defects, each by key.
     */
    record CaseResponse(
            UUID id,
            String readableId,
            UUID suiteId,
            String name,
            int position,
            UUID dependsOn,
            boolean enabled,
            RequestTemplate request,
            Expectations expectations,
            List<Extraction> extractions,
            CasePhase phase,
            UUID dataSetId,
            boolean runAfterFailure,
            List<String> tags,
            CaseClassification.Priority priority,
            CaseClassification.Type type,
            CaseClassification.Mode mode,
            CaseClassification.AutomationStatus automationStatus,
            UUID moduleId,
            String preconditions,
            String steps,
            String expectedResult,
            List<CaseLink> links,
            Instant createdAt,
            Instant updatedAt) {
        static CaseResponse of(TestCase c, List<CaseLink> links) {
            CaseClassification k = c.getClassification();
            CaseText text = c.getText();
            return new CaseResponse(
                    c.getId(),
                    c.getReadableId(),
                    c.getSuiteId(),
                    c.getName(),
                    c.getPosition(),
                    c.getDependsOn(),
                    c.isEnabled(),
                    c.getRequest(),
                    c.getExpectations(),
                    c.getExtractions(),
                    c.getPhase(),
                    c.getDataSetId(),
                    c.isRunAfterFailure(),
                    k.tags(),
                    k.priority(),
                    k.type(),
                    k.mode(),
                    k.automationStatus(),
                    c.getModuleId(),
                    text.preconditions(),
                    text.steps(),
                    text.expectedResult(),
                    links,
                    c.getCreatedAt(),
                    c.getUpdatedAt());
        }
    }

    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final DataSetRepository dataSets;
    private final PlanService plans;
    private final TargetPolicy targets;
    private final CaseIds caseIds;
    private final CaseModuleRepository modules;
    private final CaseLinks links;
    private final JdbcTemplate jdbc;
    private final CaseChanges changes;
    private final Clock clock;

    TestCaseController(
            SuiteRepository suites,
            TestCaseRepository cases,
            DataSetRepository dataSets,
            PlanService plans,
            TargetPolicy targets,
            CaseIds caseIds,
            CaseModuleRepository modules,
            CaseLinks links,
            JdbcTemplate jdbc,
            CaseChanges changes,
            Clock clock) {
        this.links = links;
        this.jdbc = jdbc;
        this.changes = changes;
        this.caseIds = caseIds;
        this.modules = modules;
        this.targets = targets;
        this.suites = suites;
        this.cases = cases;
        this.dataSets = dataSets;
        this.plans = plans;
        this.clock = clock;
    }

    @PostMapping("/api/v1/suites/{suiteId}/cases")
    @BodyLimit(BodiesProperties.TEST_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    CaseResponse create(Caller caller, @PathVariable UUID suiteId, @RequestBody CaseRequest request) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        ValidCase valid = CaseValidator.validate(request);
        checkRequest(targets, valid);
        plans.checkCreate(
                caller.tenantId(),
                PlanLimit.MaxTestCasesPerSuite,
                () -> cases.countBySuiteId(suiteId),
                "cannot add another case to suite " + suiteId);
        List<TestCase> existing = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId);
        if (existing.stream().anyMatch(c -> c.getName().equals(valid.name()))) {
            throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
        }
        checkDataSet(dataSets, suiteId, valid.dataSetId());
        checkModule(modules, suite, valid.moduleId());
        UUID caseId = UUID.randomUUID();
        checkDependency(caseId, valid, existing);
        // the suite's lock before the project's case counter, in the order every writer takes them
        changes.touching(caller.tenantId(), suiteId, caller.userId(), List.of(caseId));
        // numbered once the case is checked; a refused case's number would roll back with it anyway
        TestCase testCase =
                new TestCase(caseId, suite, caseIds.next(suite.getProjectId(), CaseKind.API), clock.instant());
        int position = valid.position() != null
                ? valid.position()
                : existing.stream().mapToInt(TestCase::getPosition).max().orElse(-1) + 1;
        testCase.update(valid, position, clock.instant());
        cases.saveAndFlush(testCase);
        links.replace(suite.getTenantId(), suite.getProjectId(), Map.of(caseId, valid.links()));
        return CaseResponse.of(testCase, links.of(caseId));
    }

    /**
     * The suite's cases in position order, narrowed by any of the filters, all of which must hold (see
     * {@link CaseFilter}): a tag, a priority, a type, a mode, an automation status, a linked key, and text.
     */
    @GetMapping("/api/v1/suites/{suiteId}/cases")
    @Transactional(readOnly = true)
    List<CaseResponse> list(
            Caller caller,
            @PathVariable UUID suiteId,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String mode,
            @RequestParam(required = false) String automationStatus,
            @RequestParam(required = false) String link,
            @RequestParam(required = false) String q) {
        suites.require(suiteId, caller.tenantId());
        CaseFilter filter = CaseFilter.of(tag, priority, type, mode, automationStatus, q)
                .linkedTo(link)
                .inSuite(suiteId);
        List<Object> args = new ArrayList<>();
        args.add(caller.tenantId());
        String where = filter.where(args);
        List<UUID> ids = jdbc.queryForList(
                "select c.id from test_cases c where c.tenant_id = ? and " + where
                        + " order by c.position, c.created_at",
                UUID.class,
                args.toArray());
        return responses(cases, links, ids);
    }

    /** The cases in the order of {@code ids}, each with its links (two statements, whatever the count). */
    static List<CaseResponse> responses(TestCaseRepository cases, CaseLinks links, List<UUID> ids) {
        Map<UUID, TestCase> byId = new HashMap<>();
        cases.findAllById(ids).forEach(c -> byId.put(c.getId(), c));
        Map<UUID, List<CaseLink>> linked = links.of(ids);
        return ids.stream()
                .map(id -> CaseResponse.of(byId.get(id), linked.getOrDefault(id, List.of())))
                .toList();
    }

    @GetMapping("/api/v1/cases/{id}")
    CaseResponse get(Caller caller, @PathVariable UUID id) {
        return CaseResponse.of(cases.require(id, caller.tenantId()), links.of(id));
    }

    /**
     * The case as {@code PUT /cases/{id}} takes it (statuses and classes in one list, the JSON Schema as
     * JSON, the retry policy, links): what an editor starts from, so that sending it back unchanged
     * stores what is stored. The case answer itself keeps its stored shape for the clients that read it.
     */
    @GetMapping("/api/v1/cases/{id}/editable")
    @Transactional(readOnly = true)
    CaseRequest editable(Caller caller, @PathVariable UUID id) {
        return CaseRequests.of(cases.require(id, caller.tenantId()), links.of(id));
    }

    @PutMapping("/api/v1/cases/{id}")
    @BodyLimit(BodiesProperties.TEST_CASE)
    @Transactional
    CaseResponse update(Caller caller, @PathVariable UUID id, @RequestBody CaseRequest request) {
        TestCase testCase = cases.require(id, caller.tenantId());
        ValidCase valid = CaseValidator.validate(request);
        checkRequest(targets, valid);
        List<TestCase> siblings = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(testCase.getSuiteId());
        if (siblings.stream().anyMatch(c -> !c.getId().equals(id) && c.getName().equals(valid.name()))) {
            throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
        }
        checkDependency(id, valid, siblings);
        checkDataSet(dataSets, testCase.getSuiteId(), valid.dataSetId());
        checkModule(modules, suites.require(testCase.getSuiteId(), caller.tenantId()), valid.moduleId());
        if (valid.phase() != CasePhase.TEST && cases.existsByDependsOn(id)) {
            throw new ConflictException(
                    "phase",
                    "other cases depend on case " + id + "; a " + valid.phase() + " case cannot have dependents");
        }
        checkDependents(id, valid, siblings);
        int position = valid.position() != null ? valid.position() : testCase.getPosition();
        changes.touching(caller.tenantId(), testCase.getSuiteId(), caller.userId(), List.of(id));
        testCase.update(valid, position, clock.instant());
        links.replace(testCase.getTenantId(), testCase.getProjectId(), Map.of(id, valid.links()));
        return CaseResponse.of(testCase, links.of(id));
    }

    @DeleteMapping("/api/v1/cases/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        TestCase testCase = cases.require(id, caller.tenantId());
        if (cases.existsByDependsOn(id)) {
            throw new ConflictException("id", "other cases depend on case " + id + "; change them first");
        }
        changes.touching(caller.tenantId(), testCase.getSuiteId(), caller.userId(), List.of(id));
        cases.delete(testCase);
    }

    /** An automated case's request goes only where the tenant's targets allow; a manual case may have none. */
    static void checkRequest(TargetPolicy targets, ValidCase valid) {
        if (valid.request() != null) {
            targets.checkCasePath("request.path", valid.request().path());
        }
    }

    /**
     * A manual case is left out of runs, so no case of the suite may depend on it: a case becoming
     * manual must have no dependents.
     */
    static void checkDependents(UUID caseId, ValidCase valid, List<TestCase> suiteCases) {
        if (valid.classification().mode() == CaseClassification.Mode.MANUAL
                && suiteCases.stream().anyMatch(c -> caseId.equals(c.getDependsOn()))) {
            throw new InvalidInputException(
                    "mode",
                    "other cases depend on case " + caseId + "; a manual case is not run and cannot be depended on");
        }
    }

    /** A case is filed in a node of its own project's hierarchy. */
    static void checkModule(CaseModuleRepository modules, Suite suite, UUID moduleId) {
        if (moduleId != null
                && modules.findById(moduleId)
                        .filter(m -> m.getProjectId().equals(suite.getProjectId()))
                        .isEmpty()) {
            throw new InvalidInputException("moduleId", "module " + moduleId + " is not in this suite's project");
        }
    }

    /** A pinned data set must belong to the case's suite. */
    static void checkDataSet(DataSetRepository dataSets, UUID suiteId, UUID dataSetId) {
        if (dataSetId != null
                && dataSets.findById(dataSetId)
                        .filter(d -> d.getSuiteId().equals(suiteId))
                        .isEmpty()) {
            throw new InvalidInputException("dataSetId", "data set " + dataSetId + " is not in this suite");
        }
    }

    /**
     * The dependency must be another test-phase case of the same suite, and must not close a cycle
     * (setup cases need no dependency: their variables reach every case).
     */
    static void checkDependency(UUID caseId, ValidCase valid, List<TestCase> suiteCases) {
        UUID dependsOn = valid.dependsOn();
        if (dependsOn == null) {
            return;
        }
        suiteCases.stream()
                .filter(c ->
                        c.getId().equals(dependsOn) && c.getClassification().mode() == CaseClassification.Mode.MANUAL)
                .findAny()
                .ifPresent(c -> {
                    throw new InvalidInputException(
                            "dependsOn",
                            "case " + c.getReadableId() + " is a manual case; it is not run and cannot be depended on");
                });
        suiteCases.stream()
                .filter(c -> c.getId().equals(dependsOn) && c.getPhase() != CasePhase.TEST)
                .findAny()
                .ifPresent(c -> {
                    throw new InvalidInputException(
                            "dependsOn",
                            "case " + dependsOn + " is a " + c.getPhase().name().toLowerCase()
                                    + " case; it runs once for the whole run and is not a dependency");
                });
        if (dependsOn.equals(caseId)) {
            throw new InvalidInputException("dependsOn", "a case cannot depend on itself");
        }
        Map<UUID, UUID> parent = new HashMap<>();
        suiteCases.forEach(c -> parent.put(c.getId(), c.getDependsOn()));
        if (!parent.containsKey(dependsOn)) {
            throw new InvalidInputException("dependsOn", "case " + dependsOn + " is not in this suite");
        }
        Set<UUID> seen = new HashSet<>();
        for (UUID at = dependsOn; at != null; at = parent.get(at)) {
            if (at.equals(caseId) || !seen.add(at)) {
                throw new InvalidInputException("dependsOn", "depending on " + dependsOn + " would make a cycle");
            }
        }
    }
}
