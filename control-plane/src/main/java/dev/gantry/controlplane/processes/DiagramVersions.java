package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.specs.SpecStore;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A diagram version as bindings and scenarios read it: the tenant's diagram (404 otherwise), the
 * version asked for (400 naming {@code version} when it has none of that number), its elements and
 * flows, and the project's active specification with its endpoints.
 */
@Component
class DiagramVersions {
    /** BPMN types other than tasks that may be bound: intermediate message events call an API too. */
    static final Set<String> BOUND_EVENTS = Set.of("intermediateThrowEvent", "intermediateCatchEvent");

    /** What bindings and scenarios read of one version. */
    record Read(
            ProcessStore.Diagram diagram,
            int version,
            List<ProcessModel.Element> elements,
            List<ProcessModel.Flow> flows) {}

    /** The project's active specification. */
    record ActiveSpec(SpecStore.SpecRow spec, List<SpecStore.EndpointRow> endpoints) {}

    private final ProcessStore store;
    private final SpecStore specs;

    DiagramVersions(ProcessStore store, SpecStore specs) {
        this.store = store;
        this.specs = specs;
    }

    ProcessStore.Diagram diagram(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> new NotFoundException("diagram", id));
    }

    Read read(UUID tenantId, UUID id, Integer version) {
        ProcessStore.Diagram diagram = diagram(tenantId, id);
        int number = version == null ? diagram.latestVersion() : version;
        if (number < 1 || number > diagram.latestVersion()) {
            throw new InvalidInputException(
                    "version", "diagram " + id + " has versions 1 to " + diagram.latestVersion() + ", not " + number);
        }
        return new Read(diagram, number, store.elements(id, number), store.flows(id, number));
    }

    /** The project's active specification, if it has one. */
    java.util.Optional<ActiveSpec> activeSpec(UUID tenantId, UUID projectId) {
        return specs.active(projectId, tenantId).map(s -> new ActiveSpec(s, specs.endpoints(s.id())));
    }

    /** The active specification, or 422 naming {@code specification} when the project has none. */
    ActiveSpec requireActiveSpec(UUID tenantId, UUID projectId) {
        return activeSpec(tenantId, projectId)
                .orElseThrow(() -> new UnprocessableException(
                        "no-active-specification",
                        "specification",
                        "the project has no active API specification: import one and activate it"));
    }

    com.fasterxml.jackson.databind.JsonNode components(UUID specId) {
        return specs.components(specId);
    }

    static boolean bindable(ProcessModel.Element e) {
        return e.category() == ProcessModel.Category.TASK
                || (e.category() == ProcessModel.Category.EVENT
                        && BOUND_EVENTS.contains(e.type())
                        && e.eventDefinitions().contains("message"));
    }
}
