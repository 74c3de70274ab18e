package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A project's cases across its suites: found by the filters of a suite's list and more, and changed in bulk. */
@RestController
class ProjectCaseController {
    /** A page holds at most this many cases. */
    static final int MAX_LIMIT = 500;

    static final int DEFAULT_LIMIT = 50;

    /** A page of cases by readable id, with how many match in all. */
    record Page(List<TestCaseController.CaseResponse> items, long total, int limit, int offset) {}

    /** Readable ids in their number's order: TC_API_999 before TC_API_1000, kind by kind. */
    static final String BY_READABLE_ID = "rtrim(c.readable_id, '0123456789'), length(c.readable_id), c.readable_id";

    private final ProjectRepository projects;
    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final CaseModuleRepository modules;
    private final CaseLinks links;
    private final CaseBulkUpdate bulk;
    private final JdbcTemplate jdbc;

    ProjectCaseController(
            ProjectRepository projects,
            SuiteRepository suites,
            TestCaseRepository cases,
            CaseModuleRepository modules,
            CaseLinks links,
            CaseBulkUpdate bulk,
            JdbcTemplate jdbc) {
        this.projects = projects;
        this.suites = suites;
        this.cases = cases;
        this.modules = modules;
        this.links = links;
        this.bulk = bulk;
        this.jdbc = jdbc;
    }

    /**
     * The project's cases by readable id, narrowed by the filters of a suite's list ({@link CaseFilter}), a
     * suite, and a module with every node below it.
     */
    @GetMapping("/api/v1/projects/{projectId}/cases")
    @Transactional(readOnly = true)
    Page search(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam(required = false) UUID module,
            @RequestParam(required = false) UUID suite,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String mode,
            @RequestParam(required = false) String automationStatus,
            @RequestParam(required = false) String link,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
            @RequestParam(defaultValue = "0") int offset) {
        projects.require(projectId, caller.tenantId());
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1.." + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must not be negative");
        }
        CaseFilter filter =
                CaseFilter.of(tag, priority, type, mode, automationStatus, q).linkedTo(link);
        if (suite != null) {
            suites.findByIdAndTenantId(suite, caller.tenantId())
                    .filter(s -> s.getProjectId().equals(projectId))
                    .orElseThrow(
                            () -> new InvalidInputException("suite", "suite " + suite + " is not in this project"));
            filter = filter.inSuite(suite);
        }
        if (module != null) {
            CaseModuleTree tree = CaseModuleTree.of(modules.findByProjectIdOrderByNameAsc(projectId));
            if (tree.get(module).isEmpty()) {
                throw new InvalidInputException("module", "module " + module + " is not in this project");
            }
            filter = filter.inModules(tree.subtree(module));
        }
        List<Object> args = new ArrayList<>(List.of(projectId, caller.tenantId()));
        String where = "c.project_id = ? and c.tenant_id = ? and " + filter.where(args);
        Long total =
                jdbc.queryForObject("select count(*) from test_cases c where " + where, Long.class, args.toArray());
        args.add(limit);
        args.add(offset);
        List<UUID> ids = jdbc.queryForList(
                "select c.id from test_cases c where " + where + " order by " + BY_READABLE_ID + " limit ? offset ?",
                UUID.class,
                args.toArray());
        return new Page(TestCaseController.responses(cases, links, ids), total == null ? 0 : total, limit, offset);
    }

    /** One change to many of the project's cases, all or none (see {@link CaseBulkUpdate}). */
    @PatchMapping("/api/v1/projects/{projectId}/cases")
    @BodyLimit(BodiesProperties.TEST_CASE)
    @Transactional
    CaseBulkUpdate.Result update(
            Caller caller, @PathVariable UUID projectId, @RequestBody CaseBulkUpdate.Request request) {
        projects.require(projectId, caller.tenantId());
        return bulk.apply(caller.tenantId(), caller.userId(), projectId, request);
    }
}
