package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A project's case hierarchy: modules, their sub-modules and their features, with case counts. */
@RestController
class CaseModuleController {
    /** A project holds at most this many nodes, so that its tree is answered whole. */
    static final int MAX_NODES = 2_000;

    record ModuleRequest(String name, UUID parentId) {}

    record ModuleResponse(UUID id, UUID parentId, CaseModule.Level level, String name) {
        static ModuleResponse of(CaseModule m) {
            return new ModuleResponse(m.getId(), m.getParentId(), m.getLevel(), m.getName());
        }
    }

    /** {@code cases}: filed in this node; {@code total}: in it and every node below it. */
    record Node(UUID id, CaseModule.Level level, String name, long cases, long total, List<Node> children) {}

    /** The tree, and how many of the project's cases are filed nowhere. */
    record Tree(List<Node> modules, long unfiled) {}

    private final ProjectRepository projects;
    private final CaseModuleRepository modules;
    private final TestCaseRepository cases;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    CaseModuleController(
            ProjectRepository projects,
            CaseModuleRepository modules,
            TestCaseRepository cases,
            JdbcTemplate jdbc,
            Clock clock) {
        this.projects = projects;
        this.modules = modules;
        this.cases = cases;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PostMapping("/api/v1/projects/{projectId}/modules")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    ModuleResponse create(Caller caller, @PathVariable UUID projectId, @RequestBody ModuleRequest request) {
        projects.require(projectId, caller.tenantId());
        if (request.name() == null || request.name().isBlank()) {
            throw new InvalidInputException("name", "must not be blank");
        }
        if (request.name().length() > 200) {
            throw new InvalidInputException("name", "at most 200 characters");
        }
        CaseModule.Level level = CaseModule.Level.MODULE;
        if (request.parentId() != null) {
            CaseModule parent = modules.findByIdAndTenantId(request.parentId(), caller.tenantId())
                    .filter(m -> m.getProjectId().equals(projectId))
                    .orElseThrow(() -> new InvalidInputException(
                            "parentId", "module " + request.parentId() + " is not in this project"));
            level = parent.getLevel()
                    .child()
                    .orElseThrow(() ->
                            new InvalidInputException("parentId", "a feature is the last level; it has no children"));
        }
        String name = request.name().strip();
        List<CaseModule> all = modules.findByProjectIdOrderByNameAsc(projectId);
        if (all.size() >= MAX_NODES) {
            throw new ConflictException("parentId", "a project holds at most " + MAX_NODES + " modules");
        }
        if (all.stream()
                .anyMatch(m ->
                        m.getName().equals(name) && java.util.Objects.equals(m.getParentId(), request.parentId()))) {
            throw new ConflictException("name", "'" + name + "' is already there");
        }
        return ModuleResponse.of(modules.save(
                new CaseModule(caller.tenantId(), projectId, request.parentId(), level, name, clock.instant())));
    }

    @GetMapping("/api/v1/projects/{projectId}/modules")
    Tree tree(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        Map<UUID, Long> counts = new HashMap<>();
        long[] unfiled = {0};
        jdbc.query(
                "select module_id, count(*) from test_cases where project_id = ? group by module_id",
                rs -> {
                    UUID module = rs.getObject(1, UUID.class);
                    if (module == null) {
                        unfiled[0] = rs.getLong(2);
                    } else {
                        counts.put(module, rs.getLong(2));
                    }
                },
                projectId);
        Map<UUID, List<CaseModule>> children = new HashMap<>();
        for (CaseModule m : modules.findByProjectIdOrderByNameAsc(projectId)) {
            children.computeIfAbsent(m.getParentId(), k -> new ArrayList<>()).add(m);
        }
        return new Tree(nodes(null, children, counts), unfiled[0]);
    }

    /** The levels are three, so the recursion is at most three deep. */
    private static List<Node> nodes(UUID parent, Map<UUID, List<CaseModule>> children, Map<UUID, Long> counts) {
        List<Node> nodes = new ArrayList<>();
        for (CaseModule m : children.getOrDefault(parent, List.of())) {
            List<Node> below = nodes(m.getId(), children, counts);
            long own = counts.getOrDefault(m.getId(), 0L);
            long total = own + below.stream().mapToLong(Node::total).sum();
            nodes.add(new Node(m.getId(), m.getLevel(), m.getName(), own, total, below));
        }
        return nodes;
    }

    @DeleteMapping("/api/v1/modules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        CaseModule module = modules.require(id, caller.tenantId());
        if (modules.existsByParentId(id)) {
            throw new ConflictException("id", "module " + id + " has modules below it; delete them first");
        }
        if (cases.existsByModuleId(id)) {
            throw new ConflictException("id", "cases are filed in module " + id + "; file them elsewhere first");
        }
        modules.delete(module);
    }
}
