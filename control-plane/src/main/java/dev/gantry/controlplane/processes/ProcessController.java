package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's BPMN diagrams: upload (the document itself as the body), new versions, their
 * elements and flows, the document as uploaded. A document that is refused stores nothing.
 */
@RestController
class ProcessController {
    /** A diagram with what its latest version holds, counted by category and flow kind. */
    record DiagramResponse(
            UUID id,
            UUID projectId,
            String name,
            int latestVersion,
            java.time.Instant createdAt,
            java.time.Instant updatedAt,
            ProcessStore.Version version,
            Map<String, Long> elements,
            Map<String, Long> flows) {}

    private final ProcessStore store;
    private final ProjectRepository projects;
    private final ProcessesProperties limits;

    ProcessController(ProcessStore store, ProjectRepository projects, ProcessesProperties limits) {
        this.store = store;
        this.projects = projects;
        this.limits = limits;
    }

    @PostMapping("/api/v1/projects/{projectId}/processes")
    @BodyLimit(ProcessesProperties.MAX_BYTES)
    @Transactional
    ResponseEntity<DiagramResponse> upload(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String fileName,
            HttpServletRequest body)
            throws IOException {
        projects.require(projectId, caller.tenantId());
        checkFileName(fileName);
        byte[] bpmn = RequestBodies.read(body);
        ProcessModel model = BpmnReader.read(bpmn, limits);
        String chosen = name != null ? name.strip() : model.name();
        if (chosen == null || chosen.isBlank()) {
            throw new InvalidInputException("name", "is required: the diagram's process has no name to take");
        }
        if (chosen.length() > 200) {
            throw new InvalidInputException("name", "at most 200 characters");
        }
        if (store.nameTaken(projectId, chosen)) {
            throw new ConflictException(
                    "name", "a diagram named '" + chosen + "' exists; upload a new version of it to its /versions");
        }
        UUID id = store.create(caller.tenantId(), projectId, chosen, caller.userId());
        store.addVersion(id, 1, fileName, bpmn, model, caller.userId());
        return ResponseEntity.created(URI.create("/api/v1/processes/" + id)).body(describe(find(caller, id), 1));
    }

    @PostMapping("/api/v1/processes/{id}/versions")
    @BodyLimit(ProcessesProperties.MAX_BYTES)
    @Transactional
    ResponseEntity<DiagramResponse> newVersion(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) String fileName,
            HttpServletRequest body)
            throws IOException {
        find(caller, id);
        checkFileName(fileName);
        byte[] bpmn = RequestBodies.read(body);
        ProcessModel model = BpmnReader.read(bpmn, limits);
        int version = store.nextVersion(id);
        store.addVersion(id, version, fileName, bpmn, model, caller.userId());
        return ResponseEntity.created(URI.create("/api/v1/processes/" + id + "/versions/" + version))
                .body(describe(find(caller, id), version));
    }

    @GetMapping("/api/v1/projects/{projectId}/processes")
    List<ProcessStore.Diagram> list(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        return store.list(caller.tenantId(), projectId);
    }

    @GetMapping("/api/v1/processes/{id}")
    DiagramResponse one(Caller caller, @PathVariable UUID id) {
        ProcessStore.Diagram diagram = find(caller, id);
        return describe(diagram, diagram.latestVersion());
    }

    @GetMapping("/api/v1/processes/{id}/versions")
    List<ProcessStore.Version> versions(Caller caller, @PathVariable UUID id) {
        return store.versions(find(caller, id).id());
    }

    @GetMapping(value = "/api/v1/processes/{id}/versions/{version}/bpmn", produces = MediaType.APPLICATION_XML_VALUE)
    String document(Caller caller, @PathVariable UUID id, @PathVariable String version) {
        ProcessStore.Diagram diagram = find(caller, id);
        int number;
        if (version.equals("latest")) {
            number = diagram.latestVersion();
        } else {
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("version", "a version number or 'latest'");
            }
        }
        int wanted = number;
        return store.bpmn(diagram.id(), wanted)
                .orElseThrow(() -> new NotFoundException("version " + wanted + " of diagram", id));
    }

    @GetMapping("/api/v1/processes/{id}/elements")
    List<ProcessModel.Element> elements(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) ProcessModel.Category category) {
        ProcessStore.Diagram diagram = find(caller, id);
        return store.elements(id, versionOf(diagram, version)).stream()
                .filter(e -> category == null || e.category() == category)
                .toList();
    }

    @GetMapping("/api/v1/processes/{id}/flows")
    List<ProcessModel.Flow> flows(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String kind) {
        ProcessStore.Diagram diagram = find(caller, id);
        if (kind != null && !List.of("SEQUENCE", "MESSAGE").contains(kind)) {
            throw new InvalidInputException("kind", "must be SEQUENCE or MESSAGE");
        }
        return store.flows(id, versionOf(diagram, version)).stream()
                .filter(f -> kind == null || f.kind().equals(kind))
                .toList();
    }

    @DeleteMapping("/api/v1/processes/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        if (!store.delete(caller.tenantId(), id)) {
            throw new NotFoundException("diagram", id);
        }
        return ResponseEntity.noContent().build();
    }

    private DiagramResponse describe(ProcessStore.Diagram diagram, int version) {
        ProcessStore.Version described = store.versions(diagram.id()).stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow();
        return new DiagramResponse(
                diagram.id(),
                diagram.projectId(),
                diagram.name(),
                diagram.latestVersion(),
                diagram.createdAt(),
                diagram.updatedAt(),
                described,
                counted(store.elements(diagram.id(), version), e -> e.category().name()),
                counted(store.flows(diagram.id(), version), ProcessModel.Flow::kind));
    }

    private static <T> Map<String, Long> counted(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private int versionOf(ProcessStore.Diagram diagram, Integer version) {
        if (version == null) {
            return diagram.latestVersion();
        }
        if (version < 1 || version > diagram.latestVersion()) {
            throw new InvalidInputException(
                    "version", "diagram " + diagram.id() + " has versions 1 to " + diagram.latestVersion());
        }
        return version;
    }

    private ProcessStore.Diagram find(Caller caller, UUID id) {
        return store.find(caller.tenantId(), id).orElseThrow(() -> new NotFoundException("diagram", id));
    }

    private static void checkFileName(String fileName) {
        if (fileName != null && (fileName.length() > 255 || fileName.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException("fileName", "at most 255 characters, no control characters");
        }
    }
}
