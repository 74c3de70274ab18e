package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import dev.gantry.controlplane.specs.SpecStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Binding a diagram's tasks to endpoints of the project's active specification: suggestions ranked
 * by {@link EndpointMatcher}, bindings made by hand, a suggestion confirmed, every unbound task bound
 * to its best suggestion above a threshold. A binding made against an earlier active specification
 * follows the endpoint of the same method and path in the active one, and is {@code stale} when the
 * active one has no such endpoint (scenarios then skip the task as unbound).
 */
@Service
class BindingService {
    /** Suggestions shown with each task. */
    static final int SUGGESTIONS = 3;

    static final double DEFAULT_THRESHOLD = 0.5;

    /** A binding as answered: the endpoint, how it was made, by whom and when. */
    record BindingView(
            UUID endpointId,
            String method,
            String path,
            String operationId,
            ProcessBindings.How how,
            Double confidence,
            Person boundBy,
            Instant boundAt,
            boolean stale) {}

    /** A task (or message event) of the version with its binding and its best suggestions. */
    record TaskBindings(
            String elementId,
            String type,
            String name,
            String pool,
            String lane,
            BindingView binding,
            List<EndpointMatcher.Suggestion> suggestions) {}

    record Answer(
            UUID diagramId, int version, UUID specificationId, String specificationLabel, List<TaskBindings> tasks) {}

    record Suggested(String elementId, String name, UUID endpointId, String method, String path, double confidence) {}

    record SuggestAnswer(
            UUID diagramId,
            int version,
            double threshold,
            List<Suggested> bound,
            List<Suggested> belowThreshold,
            int alreadyBound) {}

    private final DiagramVersions versions;
    private final ProcessBindings bindings;
    private final People people;

    BindingService(DiagramVersions versions, ProcessBindings bindings, People people) {
        this.versions = versions;
        this.bindings = bindings;
        this.people = people;
    }

    Answer list(Caller caller, UUID diagramId, Integer version) {
        DiagramVersions.Read read = versions.read(caller.tenantId(), diagramId, version);
        DiagramVersions.ActiveSpec spec = versions.activeSpec(
                        caller.tenantId(), read.diagram().projectId())
                .orElse(null);
        List<SpecStore.EndpointRow> endpoints = spec == null ? List.of() : spec.endpoints();
        EndpointMatcher matcher = new EndpointMatcher(endpoints);
        Map<String, ProcessBindings.Binding> stored = bindings.of(diagramId);
        Map<UUID, Person> named = people.people(
                caller.tenantId(),
                stored.values().stream()
                        .map(ProcessBindings.Binding::boundBy)
                        .filter(Objects::nonNull)
                        .toList());
        List<TaskBindings> tasks = new ArrayList<>();
        for (ProcessModel.Element e : read.elements()) {
            if (!DiagramVersions.bindable(e)) {
                continue;
            }
            ProcessBindings.Binding b = stored.get(e.elementId());
            BindingView view = b == null ? null : view(b, endpoints, named);
            List<EndpointMatcher.Suggestion> suggestions = matcher.rank(e.name(), e.documentation()).stream()
                    .filter(s -> s.confidence() > 0)
                    .limit(SUGGESTIONS)
                    .toList();
            tasks.add(new TaskBindings(e.elementId(), e.type(), e.name(), e.pool(), e.lane(), view, suggestions));
        }
        return new Answer(
                diagramId,
                read.version(),
                spec == null ? null : spec.spec().id(),
                spec == null ? null : spec.spec().label(),
                tasks);
    }

    /** The endpoint each bound element stands for in the active specification (stale ones left out). */
    static Map<String, SpecStore.EndpointRow> resolve(
            Map<String, ProcessBindings.Binding> stored, List<SpecStore.EndpointRow> endpoints) {
        Map<String, SpecStore.EndpointRow> out = new HashMap<>();
        stored.forEach((element, b) -> {
            SpecStore.EndpointRow e = endpointOf(b, endpoints);
            if (e != null) {
                out.put(element, e);
            }
        });
        return out;
    }

    private static SpecStore.EndpointRow endpointOf(ProcessBindings.Binding b, List<SpecStore.EndpointRow> endpoints) {
        return endpoints.stream()
                .filter(e -> e.id().equals(b.endpointId()))
                .findFirst()
                .or(() -> endpoints.stream()
                        .filter(e -> e.method().equals(b.method()) && e.path().equals(b.path()))
                        .findFirst())
                .orElse(null);
    }

    private static BindingView view(
            ProcessBindings.Binding b, List<SpecStore.EndpointRow> endpoints, Map<UUID, Person> named) {
        SpecStore.EndpointRow e = endpointOf(b, endpoints);
        return new BindingView(
                e == null ? b.endpointId() : e.id(),
                b.method(),
                b.path(),
                e == null ? null : e.operationId(),
                b.how(),
                b.confidence(),
                b.boundBy() == null ? null : named.get(b.boundBy()),
                b.boundAt(),
                e == null);
    }

    /** {@code PUT …/bindings/{elementId}}: an endpoint chosen by hand, or the top suggestion confirmed. */
    @Transactional
    BindingView bind(Caller caller, UUID diagramId, String elementId, UUID endpointId, Boolean accept) {
        DiagramVersions.Read read = versions.read(caller.tenantId(), diagramId, null);
        ProcessModel.Element element = bindableElement(read, elementId);
        boolean accepting = Boolean.TRUE.equals(accept);
        if (accepting == (endpointId != null)) {
            throw new InvalidInputException(
                    "endpointId",
                    "give either an endpointId (a binding by hand) or \"accept\": true (the top suggestion)");
        }
        DiagramVersions.ActiveSpec spec =
                versions.requireActiveSpec(caller.tenantId(), read.diagram().projectId());
        ProcessBindings.Binding made;
        if (!accepting) {
            SpecStore.EndpointRow chosen = spec.endpoints().stream()
                    .filter(e -> e.id().equals(endpointId))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "endpointId",
                            "endpoint " + endpointId + " is not an endpoint of the project's active specification '"
                                    + spec.spec().label() + "'"));
            made = bindings.bind(
                    caller.tenantId(),
                    diagramId,
                    elementId,
                    chosen.id(),
                    chosen.method(),
                    chosen.path(),
                    ProcessBindings.How.MANUAL,
                    null,
                    caller.userId());
        } else {
            ProcessBindings.Binding existing = bindings.of(diagramId).get(elementId);
            EndpointMatcher.Suggestion top = new EndpointMatcher(spec.endpoints())
                    .rank(element.name(), element.documentation()).stream()
                            .filter(s -> s.confidence() > 0)
                            .findFirst()
                            .orElse(null);
            if (existing != null && existing.how() == ProcessBindings.How.SUGGESTED) {
                // the suggestion the person saw is the one confirmed, even if the ranking moved since
                SpecStore.EndpointRow e = endpointOf(existing, spec.endpoints());
                if (e == null) {
                    throw new UnprocessableException(
                            "stale-binding",
                            "accept",
                            "the suggested endpoint " + existing.method() + " " + existing.path()
                                    + " is not in the active specification; bind the task anew");
                }
                made = bindings.bind(
                        caller.tenantId(),
                        diagramId,
                        elementId,
                        e.id(),
                        e.method(),
                        e.path(),
                        ProcessBindings.How.CONFIRMED,
                        existing.confidence(),
                        caller.userId());
            } else if (top == null) {
                throw new UnprocessableException(
                        "no-suggestion", "accept", "no endpoint of the active specification matches this task");
            } else {
                made = bindings.bind(
                        caller.tenantId(),
                        diagramId,
                        elementId,
                        top.endpointId(),
                        top.method(),
                        top.path(),
                        ProcessBindings.How.CONFIRMED,
                        top.confidence(),
                        caller.userId());
            }
        }
        Map<UUID, Person> named = people.people(caller.tenantId(), List.of(caller.userId()));
        return view(made, spec.endpoints(), named);
    }

    @Transactional
    void unbind(Caller caller, UUID diagramId, String elementId) {
        DiagramVersions.Read read = versions.read(caller.tenantId(), diagramId, null);
        bindableElement(read, elementId);
        if (!bindings.unbind(diagramId, elementId)) {
            throw new NotFoundException("binding of element " + elementId + " of diagram", diagramId);
        }
    }

    /** {@code POST …/bindings/suggest}: each unbound task bound to its best suggestion at or above the threshold. */
    @Transactional
    SuggestAnswer suggest(Caller caller, UUID diagramId, Integer version, Double threshold) {
        double at = threshold == null ? DEFAULT_THRESHOLD : threshold;
        if (Double.isNaN(at) || at < 0 || at > 1) {
            throw new InvalidInputException("threshold", "a confidence between 0 and 1");
        }
        DiagramVersions.Read read = versions.read(caller.tenantId(), diagramId, version);
        DiagramVersions.ActiveSpec spec =
                versions.requireActiveSpec(caller.tenantId(), read.diagram().projectId());
        EndpointMatcher matcher = new EndpointMatcher(spec.endpoints());
        Map<String, ProcessBindings.Binding> stored = bindings.of(diagramId);
        List<Suggested> bound = new ArrayList<>();
        List<Suggested> below = new ArrayList<>();
        int already = 0;
        for (ProcessModel.Element e : read.elements()) {
            if (!DiagramVersions.bindable(e)) {
                continue;
            }
            if (stored.containsKey(e.elementId())) {
                already++;
                continue;
            }
            EndpointMatcher.Suggestion top = matcher.rank(e.name(), e.documentation()).stream()
                    .findFirst()
                    .orElse(null);
            if (top == null) {
                continue;
            }
            Suggested s = new Suggested(
                    e.elementId(), e.name(), top.endpointId(), top.method(), top.path(), top.confidence());
            if (top.confidence() >= at && top.confidence() > 0) {
                bindings.bind(
                        caller.tenantId(),
                        diagramId,
                        e.elementId(),
                        top.endpointId(),
                        top.method(),
                        top.path(),
                        ProcessBindings.How.SUGGESTED,
                        top.confidence(),
                        caller.userId());
                bound.add(s);
            } else {
                below.add(s);
            }
        }
        return new SuggestAnswer(diagramId, read.version(), at, bound, below, already);
    }

    private static ProcessModel.Element bindableElement(DiagramVersions.Read read, String elementId) {
        if (elementId == null || elementId.length() > 500) {
            throw new InvalidInputException("elementId", "at most 500 characters");
        }
        ProcessModel.Element element = read.elements().stream()
                .filter(e -> e.elementId().equals(elementId))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "elementId",
                        "version " + read.version() + " of the diagram has no element '" + elementId + "'"));
        if (!DiagramVersions.bindable(element)) {
            throw new InvalidInputException(
                    "elementId",
                    "'" + elementId + "' is a " + element.type()
                            + "; only tasks and intermediate message events are bound to endpoints");
        }
        return element;
    }
}
