package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Imports, lists, activates and deletes specification versions of a project. */
@Service
public class SpecService {
    private final SpecParser parser;
    private final SpecStore store;
    private final ProjectRepository projects;
    private final PlanService plans;
    private final Clock clock;
    private final TransactionTemplate transaction;

    SpecService(
            SpecsProperties limits,
            SpecStore store,
            ProjectRepository projects,
            PlanService plans,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.parser = new SpecParser(limits);
        this.store = store;
        this.projects = projects;
        this.plans = plans;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Parses the document as it arrives, with no transaction (nor database connection) held while a
     * large upload streams in, then writes the version and all its rows in one transaction: a refused
     * document leaves nothing behind.
     *
     * @throws IOException when the upload cannot be read (a body past its limit answers 413)
     */
    public SpecStore.SpecRow importSpec(
            Caller caller, UUID projectId, String label, boolean activate, InputStream document) throws IOException {
        projects.require(projectId, caller.tenantId());
        if (label == null || label.isBlank()) {
            throw new InvalidInputException("label", "must not be blank");
        }
        if (label.length() > 200) {
            throw new InvalidInputException("label", "at most 200 characters");
        }
        checkLabelFree(projectId, label); // before the upload is read: a taken label costs no parse
        ParsedSpec spec = parser.parse(document);
        UUID id = transaction.execute(status -> {
            // a project's endpoints are those of the version it imports (each version stands alone)
            plans.checkAtMost(
                    caller.tenantId(),
                    PlanLimit.MaxEndpointsPerProject,
                    spec.endpoints().size(),
                    "cannot import a specification of " + spec.endpoints().size() + " endpoints");
            checkLabelFree(projectId, label);
            UUID inserted = store.insert(caller.tenantId(), projectId, label, spec, clock.instant());
            if (activate) {
                store.activate(projectId, inserted);
            }
            return inserted;
        });
        return store.require(id, caller.tenantId());
    }

    private void checkLabelFree(UUID projectId, String label) {
        if (store.labelTaken(projectId, label)) {
            throw new ConflictException(
                    "label", "a specification labelled '" + label + "' already exists in this project");
        }
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
