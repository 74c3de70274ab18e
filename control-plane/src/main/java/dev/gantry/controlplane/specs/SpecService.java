package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Imports, lists, activates and deletes specification versions of a project. */
@Service
public class SpecService {
    private final SpecParser parser;
    private final SpecStore store;
    private final ProjectRepository projects;
    private final PlanService plans;
    private final Clock clock;

    SpecService(SpecsProperties limits, SpecStore store, ProjectRepository projects, PlanService plans, Clock clock) {
        this.parser = new SpecParser(limits);
        this.store = store;
        this.projects = projects;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * Parses first (no transaction held while a large document is read), then writes the version
     * and all its rows in one transaction: a refused document leaves nothing behind.
     */
    @Transactional
    public SpecStore.SpecRow importSpec(
            Caller caller, UUID projectId, String label, boolean activate, byte[] document) {
        projects.require(projectId, caller.tenantId());
        if (label == null || label.isBlank()) {
            throw new InvalidInputException("label", "must not be blank");
        }
        if (label.length() > 200) {
            throw new InvalidInputException("label", "at most 200 characters");
        }
        ParsedSpec spec = parser.parse(document);
        // a project's endpoints are those of the version it imports (each version stands alone)
        plans.checkAtMost(
                caller.tenantId(),
                PlanLimit.MaxEndpointsPerProject,
                spec.endpoints().size(),
                "cannot import a specification of " + spec.endpoints().size() + " endpoints");
        if (store.labelTaken(projectId, label)) {
            throw new ConflictException(
                    "label", "a specification labelled '" + label + "' already exists in this project");
        }
        UUID id = store.insert(caller.tenantId(), projectId, label, spec, clock.instant());
        if (activate) {
            store.activate(projectId, id);
        }
        return store.require(id, caller.tenantId());
    }

    public List<SpecStore.SpecRow> list(Caller caller, UUID projectId) {
        projects.require(projectId, caller.tenantId());
        return store.list(projectId, caller.tenantId());
    }

    @Transactional
    public SpecStore.SpecRow activate(Caller caller, UUID specId) {
        SpecStore.SpecRow row = store.require(specId, caller.tenantId());
        store.activate(row.projectId(), specId);
        return store.require(specId, caller.tenantId());
    }

    @Transactional
    public void delete(Caller caller, UUID specId) {
        store.require(specId, caller.tenantId());
        store.delete(specId);
    }
}
