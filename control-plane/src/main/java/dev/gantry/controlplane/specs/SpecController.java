package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Specification versions: upload (the document itself is the body, JSON or YAML, any content type),
 * list, read with endpoints, activate, delete.
 */
@RestController
class SpecController {
    private final SpecService specs;
    private final SpecStore store;
    private final PostmanImportService postman;

    SpecController(SpecService specs, SpecStore store, PostmanImportService postman) {
        this.specs = specs;
        this.store = store;
        this.postman = postman;
    }

    /** A Postman collection (v2.0/v2.1 JSON) into a suite; the answer lists what could not be mapped. */
    @PostMapping("/api/v1/suites/{suiteId}/import/postman")
    @BodyLimit(BodiesProperties.POSTMAN)
    @ResponseStatus(HttpStatus.CREATED)
    PostmanImportService.Answer importPostman(Caller caller, @PathVariable UUID suiteId, HttpServletRequest request)
            throws IOException {
        return postman.importCollection(caller, suiteId, RequestBodies.read(request));
    }

    record SpecDetail(SpecStore.SpecRow spec, List<SpecStore.EndpointRow> endpoints) {}

    @PostMapping("/api/v1/projects/{projectId}/specs")
    @BodyLimit(SpecsProperties.MAX_BYTES)
    @ResponseStatus(HttpStatus.CREATED)
    SpecStore.SpecRow upload(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam String label,
            @RequestParam(defaultValue = "true") boolean activate,
            HttpServletRequest request)
            throws IOException {
        return specs.importSpec(caller, projectId, label, activate, RequestBodies.stream(request));
    }

    @GetMapping("/api/v1/projects/{projectId}/specs")
    List<SpecStore.SpecRow> list(Caller caller, @PathVariable UUID projectId) {
        return specs.list(caller, projectId);
    }

    @GetMapping("/api/v1/specs/{id}")
    SpecDetail get(Caller caller, @PathVariable UUID id) {
        SpecStore.SpecRow row = store.require(id, caller.tenantId());
        return new SpecDetail(row, store.endpoints(id));
    }

    @PostMapping("/api/v1/specs/{id}/activate")
    SpecStore.SpecRow activate(Caller caller, @PathVariable UUID id) {
        return specs.activate(caller, id);
    }

    @DeleteMapping("/api/v1/specs/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable UUID id) {
        specs.delete(caller, id);
    }
}
